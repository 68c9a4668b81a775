using System.Text.Json.Nodes;
using static Omniman.Marketplaces.MarketplaceJson;

namespace Omniman.Marketplaces.IFood;

/// <summary>
/// Reads iFood's order details (<c>GET /order/v1.0/orders/{id}</c>) into lines and session data. Money comes in
/// currency units with decimals (<c>25.9</c>) and becomes minor units; fields iFood adds later are kept as sent.
/// </summary>
internal static class IFoodOrderReader
{
    public static MarketplaceOrderDetails Read(JsonObject order, string orderId, TimeSpan confirmWithin)
    {
        var lines = (order["items"] as JsonArray ?? []).OfType<JsonObject>().Select(Line).ToList();
        var data = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Copy(order, data, "customer", "customer");
        Copy(order, data, "orderType", "order_type");
        Copy(order, data, "orderTiming", "order_timing");
        Copy(order, data, "salesChannel", "sales_channel");
        Copy(order, data, "category", "category");
        Copy(order, data, "delivery", "delivery");
        Copy(order, data, "takeout", "takeout");
        Copy(order, data, "dineIn", "dine_in");
        Copy(order, data, "schedule", "schedule");
        Copy(order, data, "benefits", "benefits");
        Copy(order, data, "additionalFees", "additional_fees");
        Copy(order, data, "total", "marketplace_total");
        Copy(order, data, "extraInfo", "extra_info");
        Copy(order, data, "isTest", "is_test");
        Copy(order, data, "preparationStartDateTime", "preparation_start");
        // Paid on iFood or to be paid on delivery: recorded as the marketplace sent it, nothing captured here.
        data["payment"] = new JsonObject
        {
            ["method"] = "external",
            ["provider"] = IFoodApi.Provider,
            ["prepaid"] = order["payments"]?["prepaid"]?.DeepClone(),
            ["pending"] = order["payments"]?["pending"]?.DeepClone(),
            ["methods"] = order["payments"]?["methods"]?.DeepClone(),
        };
        var displayId = Text(order["displayId"]);
        var confirmBy = Time(order["createdAt"]) + confirmWithin;
        return new MarketplaceOrderDetails(Text(order["id"]) ?? orderId, displayId is { Length: <= MarketplaceOrder.MaxDisplayIdLength } ? displayId : null,
            confirmBy, lines, data);
    }

    private static MarketplaceLine Line(JsonObject item)
    {
        var qty = Number(item["quantity"]) ?? 1;
        if (qty <= 0) qty = 1;
        var unit = Number(item["unitPrice"]) ?? 0;
        var options = Number(item["optionsPrice"]) ?? 0;
        var totalQ = Minor(Number(item["totalPrice"]) ?? unit * qty + options);
        // The line's total is what iFood charged: a unit price that multiplies back to it exactly when one does,
        // else the unit and options prices per unit, and the charged total kept in the meta.
        var unitQ = qty == decimal.Truncate(qty) && totalQ % (long)qty == 0 ? totalQ / (long)qty : Minor(unit + options / qty);
        var meta = new JsonObject
        {
            ["ifood_item_id"] = Text(item["id"]),
            ["unique_id"] = Text(item["uniqueId"]),
            ["external_code"] = Text(item["externalCode"]),
            ["ean"] = Text(item["ean"]),
            ["unit"] = Text(item["unit"]),
            ["observations"] = Text(item["observations"]),
            ["options"] = item["options"]?.DeepClone(),
            ["total_price_q"] = totalQ,
        };
        foreach (var empty in meta.Where(p => p.Value is null).Select(p => p.Key).ToList()) meta.Remove(empty);
        var name = Text(item["name"]) ?? "iFood item";
        var sku = MarketplaceLine.SkuOf(Text(item["externalCode"]), "ifood", Text(item["id"]) ?? Text(item["uniqueId"]) ?? Text(item["name"]) ?? "item");
        return new MarketplaceLine(sku, name.Length <= 200 ? name : name[..200], qty, unitQ, meta);
    }
}
