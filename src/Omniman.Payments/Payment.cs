using Omniman.Common;

namespace Omniman.Payments;

/// <summary>
/// A payment taken for a session (docs/payments.md): authorized before commit, linked to the order the
/// session becomes, captured, voided or refunded later by directives. Its status only moves forward
/// (<see cref="Apply"/>), so a late or repeated gateway answer never moves it back.
/// </summary>
public sealed class Payment
{
    public const int IdLength = 32;
    public const int MaxReasonLength = 500;

    private Payment() { }

    public string Id { get; private set; } = "";
    public string Backend { get; private set; } = "";
    public string ChannelCode { get; private set; } = "";
    public string SessionKey { get; private set; } = "";
    /// <summary>The session's rev when it was authorized: the total it was asked for.</summary>
    public int SessionRev { get; private set; }
    public string? OrderRef { get; private set; }
    public string Status { get; private set; } = "";
    public string Currency { get; private set; } = "";
    public long AmountQ { get; private set; }
    public long CapturedQ { get; private set; }
    public long RefundedQ { get; private set; }
    public string TransactionId { get; private set; } = "";
    public string? Reason { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static Payment From(GatewayPayment answer, string backend, string channelCode, string sessionKey, int sessionRev, string currency,
        DateTime nowUtc) => new()
    {
        Id = "PAY-" + RandomCodes.Next(12),
        Backend = backend,
        ChannelCode = channelCode,
        SessionKey = sessionKey,
        SessionRev = sessionRev,
        Status = answer.Status,
        Currency = currency,
        AmountQ = answer.AmountQ,
        CapturedQ = answer.CapturedQ,
        TransactionId = answer.TransactionId,
        Reason = Text.Truncate(answer.Reason, MaxReasonLength),
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
    };

    public bool IsAuthorized => Status == GatewayStatuses.Authorized;

    /// <summary>
    /// What may still be refunded: captured, less the refunds Omniman asked for (made or on their way)
    /// and those made elsewhere (in the gateway's dashboard), which the gateway's notices count in
    /// <see cref="RefundedQ"/> beside the ones Omniman made.
    /// </summary>
    public long Refundable(long askedQ, long madeQ) => CapturedQ - askedQ - Math.Max(0, RefundedQ - madeQ);

    public void Link(string orderRef, DateTime nowUtc)
    {
        OrderRef = orderRef;
        UpdatedAt = nowUtc;
    }

    /// <summary>
    /// Takes the gateway's word for the payment, if it moves it forward: a status of a later stage,
    /// or more captured. An answer of an earlier stage, or a second ending (cancelled after captured),
    /// changes nothing. Returns whether anything changed.
    /// </summary>
    public bool Apply(GatewayPayment answer, DateTime nowUtc)
    {
        var changed = false;
        if (PaymentStages.Of(answer.Status) > PaymentStages.Of(Status))
        {
            Status = answer.Status;
            Reason = Text.Truncate(answer.Reason, MaxReasonLength) ?? Reason;
            changed = true;
        }
        if (answer.CapturedQ > CapturedQ)
        {
            CapturedQ = answer.CapturedQ;
            changed = true;
        }
        if (changed) UpdatedAt = nowUtc;
        return changed;
    }

    /// <summary>Counts a refund the gateway made; the total never goes down.</summary>
    public bool Refunded(long totalRefundedQ, DateTime nowUtc)
    {
        if (totalRefundedQ <= RefundedQ) return false;
        RefundedQ = Math.Min(totalRefundedQ, CapturedQ);
        UpdatedAt = nowUtc;
        return true;
    }
}

/// <summary>
/// The order a payment's statuses come in. An answer of a lower stage is late and changes nothing;
/// the endings (declined, captured, cancelled) share a stage, so the first one stands.
/// </summary>
internal static class PaymentStages
{
    public static int Of(string status) => status switch
    {
        GatewayStatuses.RequiresAction => 0,
        GatewayStatuses.Processing => 1,
        GatewayStatuses.Authorized => 2,
        GatewayStatuses.Declined or GatewayStatuses.Captured or GatewayStatuses.Cancelled => 3,
        _ => -1,
    };
}
