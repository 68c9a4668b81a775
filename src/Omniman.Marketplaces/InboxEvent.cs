using System.Text.Json.Nodes;

namespace Omniman.Marketplaces;

/// <summary>
/// A marketplace event kept in the durable inbox, by provider and the marketplace's event id: a
/// second delivery of the same event (webhook and polling at once, a retry) finds it and adds nothing.
/// </summary>
public sealed class InboxEvent
{
    public const int MaxCodeLength = 64;
    public const int MaxOrderIdLength = 128;

    private InboxEvent() { }

    public string Provider { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string? FullCode { get; private set; }
    public string? OrderId { get; private set; }
    public string? MerchantId { get; private set; }
    /// <summary>When the marketplace says the event happened.</summary>
    public DateTime? OccurredAt { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    public DateTime? ProcessedAt { get; private set; }
    public JsonObject Payload { get; private set; } = [];

    public static InboxEvent Of(string provider, InboundEvent inbound, DateTime nowUtc) => new()
    {
        Provider = provider,
        EventId = inbound.EventId,
        Code = Clip(inbound.Code, MaxCodeLength)!,
        FullCode = Clip(inbound.FullCode, MaxCodeLength),
        OrderId = inbound.OrderId,
        MerchantId = inbound.MerchantId,
        OccurredAt = inbound.OccurredAtUtc,
        ReceivedAt = nowUtc,
        Payload = inbound.Raw,
    };

    public InboundEvent ToInbound() => new(EventId, Code, FullCode, OrderId, MerchantId, OccurredAt, Payload);

    public void MarkProcessed(DateTime nowUtc) => ProcessedAt ??= nowUtc;

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
