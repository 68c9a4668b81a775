using Omniman.OperatorConsole.Text;
using Omniman.Pricing;

namespace Omniman.OperatorConsole.Pages.Products;

/// <summary>
/// A catalog product as its form holds it: prices as amounts of their currency (the base price in
/// the server's, a channel's price in that channel's), blank for none. The kernel's
/// <see cref="ManageCatalog"/> judges the values, as it does for <c>PUT /api/products/{sku}</c>.
/// </summary>
public sealed class ProductForm
{
    public string? Sku { get; set; }
    public string? Name { get; set; }
    public string? Price { get; set; }

    /// <summary>A checkbox: absent from a post when unticked, so false unless sent.</summary>
    public bool IsActive { get; set; }

    /// <summary>Channel code to its price as typed; a blank one is no channel price.</summary>
    public Dictionary<string, string?> ChannelPrices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The fields an error may name (the kernel's names), for <see cref="FormError.Of"/>.</summary>
    public static IEnumerable<string> Fields(IEnumerable<string> channelCodes) =>
        ["sku", "name", "price_q", "is_active", .. channelCodes.Select(PriceField)];

    /// <summary>The kernel's name of a channel's price (<c>channel_prices.pos</c>), which its control and error are known by.</summary>
    public static string PriceField(string channelCode) => "channel_prices." + channelCode;

    public static ProductForm New() => new() { IsActive = true };

    public static ProductForm Of(Product product, Func<string?, string> currencyOf, string language) => new()
    {
        Sku = product.Sku, Name = product.Name, IsActive = product.IsActive,
        Price = FormInput.MoneyText(product.PriceQ, currencyOf(null), language),
        ChannelPrices = product.ChannelPrices.ToDictionary(p => p.Key, p => (string?)FormInput.MoneyText(p.Value, currencyOf(p.Key), language), StringComparer.Ordinal),
    };

    /// <summary>The SKU as typed (without surrounding spaces) and the definition the kernel saves; an amount that cannot be read is refused here, by its field.</summary>
    public (string Sku, ProductDefinition Definition) ToDefinition(Func<string?, string> currencyOf, Texts t)
    {
        var prices = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (channel, text) in ChannelPrices)
        {
            if (FormInput.Money(text, currencyOf(channel), PriceField(channel), t) is { } price) prices[channel] = price;
        }
        return (Sku?.Trim() ?? "", new ProductDefinition(Name?.Trim(), FormInput.Money(Price, currencyOf(null), "price_q", t), IsActive, prices));
    }
}
