using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Webhooks;

/// <summary>An event as receivers get it: <c>{id, type, created_at, data}</c>, serialized once.</summary>
public sealed record WebhookEvent(string Id, string Type, string? ChannelCode, string Body)
{
    public static WebhookEvent Create(string type, string? channelCode, DateTime atUtc, JsonObject data)
    {
        var id = "evt_" + RandomCodes.Next(24).ToLowerInvariant();
        var body = new JsonObject { ["id"] = id, ["type"] = type, ["created_at"] = atUtc, ["data"] = data };
        return new(id, type, channelCode, body.ToJsonString(Json.Stored));
    }
}

/// <summary>The events a subscription or a notification can ask for (docs/webhooks.md).</summary>
public static class WebhookEventTypes
{
    public const string OrderCreated = "order.created";
    public const string OrderStatusChanged = "order.status_changed";
    public const string OrderCancelled = "order.cancelled";
    public const string PaymentAuthorized = "payment.authorized";
    public const string PaymentCaptured = "payment.captured";
    public const string PaymentRefunded = "payment.refunded";
    public const string SessionAbandoned = "session.abandoned";

    public static readonly IReadOnlyList<string> All =
        [OrderCreated, OrderStatusChanged, OrderCancelled, PaymentAuthorized, PaymentCaptured, PaymentRefunded, SessionAbandoned];

    /// <summary>Order log events that are also webhook events, under the same name.</summary>
    public static readonly IReadOnlySet<string> FromOrderLog = new HashSet<string>(StringComparer.Ordinal)
        { PaymentAuthorized, PaymentCaptured, PaymentRefunded };
}
