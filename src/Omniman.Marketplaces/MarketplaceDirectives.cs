using System.Text.Json.Nodes;
using Omniman.Directives;

namespace Omniman.Marketplaces;

/// <summary>The module's directive topics and their payloads.</summary>
internal static class MarketplaceDirectives
{
    /// <summary>Processes one stored inbox event: <c>provider</c>, <c>event_id</c>.</summary>
    public const string Event = "marketplace.event";

    /// <summary>Sends one of our moves to the marketplace: <c>provider</c>, <c>order_id</c>, <c>merchant_id</c>, <c>order_ref</c>, <c>action</c>, <c>reason</c>.</summary>
    public const string Action = "marketplace.action";

    public static Directive ForEvent(string provider, InboundEvent inbound, DateTime nowUtc) =>
        Directive.Create(Event, new JsonObject { ["provider"] = provider, ["event_id"] = inbound.EventId }, nowUtc,
            inbound.OrderId is { } orderId ? $"marketplace:{provider}:{orderId}" : null);

    public static Directive ForAction(string provider, string orderId, string merchantId, string orderRef, string action, string? reason, DateTime nowUtc) =>
        Directive.Create(Action, new JsonObject
        {
            ["provider"] = provider,
            ["order_id"] = orderId,
            ["merchant_id"] = merchantId,
            ["order_ref"] = orderRef,
            ["action"] = action,
            ["reason"] = reason,
        }, nowUtc, Correlations.Order(orderRef));
}
