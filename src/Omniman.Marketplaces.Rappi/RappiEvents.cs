using System.Text.Json.Nodes;
using static Omniman.Marketplaces.MarketplaceJson;

namespace Omniman.Marketplaces.Rappi;

/// <summary>
/// Rappi's orders and webhook events as inbox events. Rappi gives its events no ids, so the id is made of what
/// makes the event itself: <c>NEW_ORDER:{order id}</c> for a new order (whichever road brought it), and the
/// event's name, order and time for the others. A new order's event carries the whole order, since Rappi returns
/// it once: the inbox keeps it, and the import reads it from there.
/// </summary>
internal static class RappiEvents
{
    public const string NewOrder = "NEW_ORDER";
    public const string Ping = "PING";

    /// <summary>Webhook events about the store or its menu, not about an order.</summary>
    private static readonly HashSet<string> StoreEvents = new(["MENU_APPROVED", "MENU_REJECTED", "STORE_CONNECTIVITY", Ping], StringComparer.OrdinalIgnoreCase);

    /// <summary>An order as <c>GET orders</c> lists it (and the NEW_ORDER webhook sends it); null without an order id.</summary>
    public static InboundEvent? FromOrder(JsonNode? node)
    {
        if (node is not JsonObject order || order["order_detail"] is not JsonObject detail) return null;
        var orderId = Text(detail["order_id"]) ?? Text(detail["id"]);
        if (orderId is null) return null;
        var id = $"{NewOrder}:{orderId}";
        if (id.Length > InboundEvent.MaxIdLength) return null;
        return new InboundEvent(id, NewOrder, null, orderId, StoreId(order), Time(detail["created_at"]), (JsonObject)order.DeepClone());
    }

    /// <summary>Rappi's store id, where either version of its payload puts it.</summary>
    public static string? StoreId(JsonObject order) =>
        Text(order["store"]?["internal_id"]) ?? Text(order["store"]?["id"]) ?? Text(order["order_detail"]?["store_id"]) ?? Text(order["store_id"]);

    /// <summary>
    /// A webhook body: one order or a list of them (NEW_ORDER, "the same body as getOrders"), or an event object
    /// (<c>{event, order_id, store_id, …}</c>). PING and the store's events hold nothing for an order.
    /// </summary>
    public static IReadOnlyList<InboundEvent> ReadWebhook(JsonNode? body)
    {
        if (body is JsonArray list) return [.. list.Select(FromOrder).OfType<InboundEvent>()];
        if (body is not JsonObject e) return [];
        if (FromOrder(e) is { } placed) return [placed];
        if (e["data"] is JsonObject data && FromOrder(data) is { } wrapped) return [wrapped];
        if (e["orders"] is JsonArray orders) return [.. orders.Select(FromOrder).OfType<InboundEvent>()];
        var name = Text(e["event"]) ?? Text(e["type"]);
        if (name is null || IsPing(e)) return [];
        var orderId = Text(e["order_id"]);
        var at = Text(e["event_time"]) ?? Text(e["created_at"]);
        var id = string.Join(':', new[] { name, orderId, at }.Where(p => p is not null));
        if (id.Length > InboundEvent.MaxIdLength) return [];
        return [new InboundEvent(id, name, Text(e["type"]) is { } type && type != name ? type : null, orderId, Text(e["store_id"]), Time(e["event_time"]),
            (JsonObject)e.DeepClone())];
    }

    /// <summary>Rappi's health check, whether it names itself in <c>event</c> or <c>type</c>.</summary>
    public static bool IsPing(JsonObject body) =>
        string.Equals(Text(body["event"]), Ping, StringComparison.OrdinalIgnoreCase) || string.Equals(Text(body["type"]), Ping, StringComparison.OrdinalIgnoreCase);

    public static InboundEventKind Classify(InboundEvent inbound) => inbound.Code switch
    {
        NewOrder => InboundEventKind.NewOrder,
        _ when StoreEvents.Contains(inbound.Code) || inbound.OrderId is null => InboundEventKind.Ignored,
        _ => InboundEventKind.Status,
    };

    /// <summary>The event's name as sent (<c>canceled_with_charge</c>), then the webhook's kind when it came with one.</summary>
    public static IReadOnlyList<string> StatusCodes(InboundEvent inbound) =>
        inbound.FullCode is { Length: > 0 } kind ? [inbound.Code, kind] : [inbound.Code];
}
