using System.Text.Json.Nodes;
using static Omniman.Marketplaces.MarketplaceJson;

namespace Omniman.Marketplaces.Rappi;

/// <summary>
/// Reads a Rappi order (<c>{order_detail, customer, store}</c>, as <c>GET orders</c> and the NEW_ORDER webhook send
/// it) into lines and session data. Money comes in currency units and becomes minor units (hundredths); a line's
/// unit price includes its sub-items (toppings, options), which the meta keeps as sent.
/// </summary>
internal static class RappiOrderReader
{
    /// <summary>The session data key with Rappi's cooking times, read back when the order is taken.</summary>
    public const string CookingKey = "cooking_time";

    public static MarketplaceOrderDetails Read(JsonObject order, string orderId)
    {
        var detail = order["order_detail"] as JsonObject ?? [];
        var lines = (detail["items"] as JsonArray ?? []).OfType<JsonObject>().Select(Line).ToList();
        var data = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Copy(order, data, "customer", "customer");
        Copy(order, data, "store", "store");
        Copy(detail, data, "delivery_information", "delivery");
        Copy(detail, data, "delivery_method", "delivery_method");
        Copy(detail, data, "delivery_operation_type", "order_type");
        Copy(detail, data, "billing_information", "billing");
        Copy(detail, data, "discounts", "benefits");
        Copy(detail, data, "totals", "marketplace_total");
        data[CookingKey] = new JsonObject
        {
            ["suggested"] = detail["cooking_time"]?.DeepClone(),
            ["min"] = detail["min_cooking_time"]?.DeepClone(),
            ["max"] = detail["max_cooking_time"]?.DeepClone(),
        };
        // Paid on Rappi or to be paid on delivery: recorded as Rappi sent it, nothing captured here.
        data["payment"] = new JsonObject
        {
            ["method"] = "external",
            ["provider"] = RappiApi.Provider,
            ["methods"] = detail["payment_method"]?.DeepClone(),
        };
        return new MarketplaceOrderDetails(Text(detail["order_id"]) ?? orderId, null, null, lines, data);
    }

    /// <summary>
    /// The minutes to send with a take: Rappi's suggestion for the order, within its minimum and maximum, else
    /// <paramref name="fallback"/> within them.
    /// </summary>
    public static int CookingMinutes(JsonObject? orderData, int fallback)
    {
        var times = orderData?[CookingKey];
        var minutes = Number(times?["suggested"]) is { } suggested and > 0 ? (int)Math.Ceiling(suggested) : fallback;
        if (Number(times?["max"]) is { } max and > 0) minutes = Math.Min(minutes, (int)Math.Floor(max));
        if (Number(times?["min"]) is { } min and > 0) minutes = Math.Max(minutes, (int)Math.Ceiling(min));
        return minutes;
    }

    private static MarketplaceLine Line(JsonObject item)
    {
        var qty = Number(item["quantity"]) ?? 1;
        if (qty <= 0) qty = 1;
        var subitems = (item["subitems"] as JsonArray ?? []).OfType<JsonObject>()
            .Sum(s => (Number(s["price"]) ?? 0) * (Number(s["quantity"]) is { } q and > 0 ? q : 1));
        var unitQ = Minor((Number(item["price"]) ?? 0) + subitems);
        var meta = new JsonObject
        {
            ["rappi_item_id"] = Text(item["id"]),
            ["sku"] = Text(item["sku"]),
            ["observations"] = Text(item["comments"]),
            ["options"] = item["subitems"]?.DeepClone(),
        };
        foreach (var empty in meta.Where(p => p.Value is null).Select(p => p.Key).ToList()) meta.Remove(empty);
        var name = Text(item["name"]) ?? "Rappi item";
        var sku = MarketplaceLine.SkuOf(Text(item["sku"]), "rappi", Text(item["id"]) ?? Text(item["name"]) ?? "item");
        return new MarketplaceLine(sku, name.Length <= 200 ? name : name[..200], qty, unitQ, meta);
    }
}
