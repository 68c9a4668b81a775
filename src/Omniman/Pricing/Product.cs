using System.ComponentModel.DataAnnotations;
using Omniman.Common;

namespace Omniman.Pricing;

/// <summary>A catalog entry of the built-in pricing backend: a name, a base price, per-channel prices.</summary>
public sealed class Product
{
    /// <summary>The longest product name; the column holds this many characters.</summary>
    public const int MaxNameLength = 200;

    private Product() { }

    public long Id { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long PriceQ { get; private set; }
    public bool IsActive { get; private set; } = true;
    public Dictionary<string, long> ChannelPrices { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static Product Create(string sku, DateTime nowUtc)
    {
        return new Product { Sku = SkuRule.Ensure("sku", sku), CreatedAt = nowUtc };
    }

    public void Replace(ProductDefinition d, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(d.Name)) throw OmnimanException.MissingField("name");
        Text.EnsureAtMost("name", d.Name, MaxNameLength);
        if (d.PriceQ is null) throw OmnimanException.MissingField("price_q");
        if (d.PriceQ < 0) throw OmnimanException.Invalid("price_q", "price_q cannot be negative.");
        if (d.ChannelPrices?.FirstOrDefault(p => p.Value < 0) is { Key: { } bad })
            throw OmnimanException.Invalid($"channel_prices.{bad}", "A channel price cannot be negative.");
        Name = d.Name;
        PriceQ = d.PriceQ.Value;
        IsActive = d.IsActive ?? true;
        ChannelPrices = d.ChannelPrices is null ? [] : new Dictionary<string, long>(d.ChannelPrices);
        UpdatedAt = nowUtc;
    }
}

/// <summary>The writable fields of a product.</summary>
// [Required] marks the fields a client must send; the API's contract (its OpenAPI document) reads it, the operation enforces it.
public sealed record ProductDefinition([property: Required] string? Name, [property: Required] long? PriceQ, bool? IsActive,
    Dictionary<string, long>? ChannelPrices);
