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
public sealed record MarketplaceLine(string Sku, string Name, decimal Qty, long UnitPriceQ, JsonObject? Meta);
