using System.Text.Json.Nodes;

namespace Omniman.Pricing;

/// <summary>
/// Where external prices come from: price lists, an ERP, promotions, customer tiers (spec §8).
/// Asked before the pure modifier pipeline runs; null means the backend has no price for the SKU.
/// </summary>
public interface IPricingBackend
{
    Task<long?> GetPriceAsync(string sku, string channelCode, decimal qty, JsonObject context, CancellationToken ct);
}
