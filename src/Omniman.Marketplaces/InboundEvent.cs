using System.Text.Json.Nodes;

namespace Omniman.Marketplaces;

/// <summary>
/// One event as a marketplace sent it (by webhook or polling), read by its adapter. <see cref="EventId"/>
/// is the marketplace's own id, what the inbox de-duplicates by; <see cref="Raw"/> is kept as sent.
/// </summary>
public sealed record InboundEvent(string EventId, string Code, string? FullCode, string? OrderId, string? MerchantId,
    DateTime? OccurredAtUtc, JsonObject Raw)
{
    /// <summary>The longest event id the inbox keeps.</summary>
    public const int MaxIdLength = 128;
}

/// <summary>What an event asks of Omniman, as its adapter classifies it.</summary>
public enum InboundEventKind
{
    /// <summary>A new order: fetch it and commit it as an order of the merchant's channel.</summary>
    NewOrder,
    /// <summary>A status of an order, moved through the channel's <c>status_mapping</c> (unknown codes are recorded only).</summary>
    Status,
    /// <summary>The marketplace refused a cancellation we requested: an order event and an alert; the order stays.</summary>
    CancellationRefused,
    /// <summary>Nothing for an order to do (a health check, a menu notice): stored and marked processed.</summary>
    Ignored,
}

/// <summary>What a webhook delivery held once its signature was checked, and the status to answer it with.</summary>
public sealed record WebhookReading(IReadOnlyList<InboundEvent> Events, int StatusCode);
