using Omniman.Common;

namespace Omniman.Webhooks;

/// <summary>
/// One event for one subscription: its body is fixed when the event happens, so every attempt and a
/// redelivery send the same bytes with the same event id, which receivers de-duplicate by.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 500;

    private WebhookDelivery() { }

    public string Id { get; private set; } = "";
    public string SubscriptionId { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public string EventType { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary><c>pending</c>, <c>delivered</c>, <c>failed</c> (given up), or <c>skipped</c> (its subscription paused or gone).</summary>
    public string Status { get; private set; } = DeliveryStatuses.Pending;
    public int Attempts { get; private set; }
    public int? ResponseCode { get; private set; }
    public string? Error { get; private set; }
    public int? DurationMs { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static WebhookDelivery For(WebhookSubscription subscription, WebhookEvent webhookEvent, DateTime nowUtc) => new()
    {
        Id = "WHD-" + RandomCodes.Next(12),
        SubscriptionId = subscription.Id,
        EventId = webhookEvent.Id,
        EventType = webhookEvent.Type,
        Body = webhookEvent.Body,
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
    };

    public void Succeeded(int code, int durationMs, DateTime nowUtc)
    {
        Attempts++;
        Status = DeliveryStatuses.Delivered;
        ResponseCode = code;
        Error = null;
        DurationMs = durationMs;
        DeliveredAt = nowUtc;
        UpdatedAt = nowUtc;
    }

    public void AttemptFailed(int? code, string error, int durationMs, DateTime nowUtc)
    {
        Attempts++;
        ResponseCode = code;
        Error = Text.Truncate(error, MaxErrorLength);
        DurationMs = durationMs;
        UpdatedAt = nowUtc;
    }

    public void GiveUp(string reason, DateTime nowUtc)
    {
        Status = DeliveryStatuses.Failed;
        Error = Text.Truncate(reason, MaxErrorLength);
        UpdatedAt = nowUtc;
    }

    public void Skip(string reason, DateTime nowUtc)
    {
        Status = DeliveryStatuses.Skipped;
        Error = reason;
        UpdatedAt = nowUtc;
    }

    /// <summary>Sent again on request: pending once more, the same event id and body.</summary>
    public void Redeliver(DateTime nowUtc)
    {
        Status = DeliveryStatuses.Pending;
        UpdatedAt = nowUtc;
    }
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
