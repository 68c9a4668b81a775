using System.Text.Json.Nodes;

namespace Omniman.Marketplaces;

/// <summary>
/// A marketplace order read by its adapter: the lines as sent (prices included) and the rest of the
/// order as session data (customer, delivery or takeout, payment, benefits, totals).
/// </summary>
/// <param name="OrderId">The marketplace's id of the order.</param>
/// <param name="DisplayId">What staff call the order (iFood's <c>displayId</c>).</param>
/// <param name="ConfirmByUtc">When the marketplace cancels the order if it is not confirmed, if it says.</param>
/// <param name="Lines">The items as sold, prices included.</param>
/// <param name="Data">Session data keys, each written as given (e.g. <c>customer</c>, <c>delivery</c>, <c>payment</c>).</param>
public sealed record MarketplaceOrderDetails(string OrderId, string? DisplayId, DateTime? ConfirmByUtc,
    IReadOnlyList<MarketplaceLine> Lines, IReadOnlyDictionary<string, JsonNode?> Data);

/// <summary>One line of a marketplace order: the unit price is in minor units, as the marketplace charged it.</summary>
public sealed record MarketplaceLine(string Sku, string Name, decimal Qty, long UnitPriceQ, JsonObject? Meta)
{
    private const int MaxSkuLength = 64;

    /// <summary>
    /// The store's own code for the item when it set a usable one (so stock and reports line up), else the
    /// marketplace's id under its prefix (<c>ifood-…</c>, <c>rappi-…</c>), cut to the longest SKU kept.
    /// </summary>
    public static string SkuOf(string? storeCode, string prefix, string marketplaceId)
    {
        var code = storeCode?.Trim();
        if (code is { Length: > 0 and <= MaxSkuLength } && !code.Any(char.IsControl)) return code;
        var sku = $"{prefix}-{marketplaceId}";
        return sku.Length <= MaxSkuLength ? sku : sku[..MaxSkuLength];
    }
}
