using System.Text.Json.Nodes;

namespace Omniman.Pricing;

public enum PriceQuoteStatus
{
    Found,
    NoPrice,
    ProductNotFound,
    ProductInactive,
}

/// <summary>A backend's answer for one SKU: the price and the catalog's name, or why there is none; <see cref="Source"/> names the rule that set it.</summary>
public sealed record PriceQuote(PriceQuoteStatus Status, long? PriceQ, string? Name, string Source)
{
    public static PriceQuote None(string source = "none") => new(PriceQuoteStatus.NoPrice, null, null, source);
}

/// <summary>
/// Where external prices come from: price lists, an ERP, promotions, customer tiers (docs/concepts.md, Pricing).
/// Asked before the pure modifier pipeline runs, with the session's data as context.
/// </summary>
public interface IPricingBackend
{
    Task<PriceQuote> GetPriceAsync(string sku, string channelCode, decimal qty, JsonObject context, CancellationToken ct);
}
