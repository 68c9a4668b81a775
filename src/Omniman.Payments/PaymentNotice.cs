namespace Omniman.Payments;

/// <summary>A gateway notice already applied, kept by its event id so a redelivery changes nothing.</summary>
public sealed class PaymentNotice
{
    public const int MaxEventIdLength = 255;

    private PaymentNotice() { }

    public string EventId { get; private set; } = "";
    public string Backend { get; private set; } = "";
    public string Type { get; private set; } = "";
    public DateTime ReceivedAt { get; private set; }

    public static PaymentNotice Of(string backend, GatewayNotice notice, DateTime nowUtc) =>
        new() { EventId = notice.EventId, Backend = backend, Type = notice.Type, ReceivedAt = nowUtc };
}
