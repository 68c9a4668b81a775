using Omniman.Common;

namespace Omniman.Payments;

/// <summary>
/// A refund an operator (or a cancellation) asked for: counted against what the payment captured as
/// soon as it is asked, made at the gateway by the <c>payment.refund</c> directive.
/// </summary>
public sealed class PaymentRefund
{
    public const int MaxReasonLength = 200;

    private PaymentRefund() { }

    public string Id { get; private set; } = "";
    public string PaymentId { get; private set; } = "";
    public string OrderRef { get; private set; } = "";
    public long AmountQ { get; private set; }
    public string Reason { get; private set; } = "";
    /// <summary><c>requested</c>, then <c>succeeded</c> or <c>failed</c>.</summary>
    public string Status { get; private set; } = RefundStatuses.Requested;
    public string? GatewayRefundId { get; private set; }
    public string? Error { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static PaymentRefund Ask(Payment payment, long amountQ, string reason, DateTime nowUtc) => new()
    {
        Id = "RFD-" + RandomCodes.Next(12),
        PaymentId = payment.Id,
        OrderRef = payment.OrderRef!,
        AmountQ = amountQ,
        Reason = reason,
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
    };

    public void Succeeded(string gatewayRefundId, DateTime nowUtc)
    {
        Status = RefundStatuses.Succeeded;
        GatewayRefundId = gatewayRefundId;
        UpdatedAt = nowUtc;
    }

    public void Failed(string error, DateTime nowUtc)
    {
        Status = RefundStatuses.Failed;
        Error = Text.Truncate(error, Payment.MaxReasonLength);
        UpdatedAt = nowUtc;
    }
}

public static class RefundStatuses
{
    public const string Requested = "requested";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
