namespace Omniman.Payments;

/// <summary>
/// A payment gateway as Omniman uses it (docs/payments.md): authorize now, capture later, void an
/// uncaptured authorization, refund a captured one. Every write carries an idempotency key that the
/// caller derives from its directive or request, so a retry of the same step never charges twice.
/// An answer about the payment (declined, needs the customer) is a value; a gateway that cannot be
/// reached is <see cref="PaymentGatewayUnavailableException"/>, a call it will never accept is
/// <see cref="PaymentGatewayRefusedException"/>.
/// </summary>
public interface IPaymentBackend
{
    /// <summary>The name channels and requests choose the backend by (<c>mock</c>, <c>stripe</c>).</summary>
    string Name { get; }

    /// <summary>Authorizes (holds) the amount without capturing it.</summary>
    Task<GatewayPayment> AuthorizeAsync(AuthorizeRequest request, string idempotencyKey, CancellationToken ct);

    /// <summary>Captures up to the authorized amount; what is not captured is released.</summary>
    Task<GatewayPayment> CaptureAsync(string transactionId, long amountQ, string idempotencyKey, CancellationToken ct);

    /// <summary>Voids an authorization that was not captured.</summary>
    Task<GatewayPayment> CancelAsync(string transactionId, string idempotencyKey, CancellationToken ct);

    /// <summary>Refunds part or all of what was captured.</summary>
    Task<GatewayRefund> RefundAsync(string transactionId, long amountQ, string reason, string idempotencyKey, CancellationToken ct);

    /// <summary>What the gateway says of the payment now.</summary>
    Task<GatewayPayment> GetAsync(string transactionId, CancellationToken ct);
}

/// <summary>
/// An authorization to ask for: an amount in minor units, its ISO 4217 currency, the customer's
/// payment method token (the backend decides what a missing one means) and labels the gateway
/// keeps with the payment (channel, session).
/// </summary>
public sealed record AuthorizeRequest(long AmountQ, string Currency, string? Method, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// A payment as the gateway sees it, in Omniman's words (<see cref="GatewayStatuses"/>).
/// <c>TransactionId</c> is the gateway's id of it (a Stripe PaymentIntent id); <c>ClientSecret</c>,
/// for <c>requires_action</c>, is what the shop's front end finishes the payment with; <c>Reason</c>,
/// for <c>declined</c>, is the gateway's reason as it can be shown to an operator.
/// </summary>
public sealed record GatewayPayment(string TransactionId, string Status, long AmountQ, long CapturableQ, long CapturedQ,
    string? ClientSecret = null, string? Reason = null);

/// <summary>The statuses a gateway payment is reported in.</summary>
public static class GatewayStatuses
{
    /// <summary>The customer must act (3-D Secure, a redirect) before it is authorized.</summary>
    public const string RequiresAction = "requires_action";
    /// <summary>Held on the customer's method, to be captured or voided.</summary>
    public const string Authorized = "authorized";
    /// <summary>The method was refused; nothing is held.</summary>
    public const string Declined = "declined";
    /// <summary>Taken: the money moves.</summary>
    public const string Captured = "captured";
    /// <summary>Voided before capture; nothing is held any more.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>The gateway is still working on it (bank transfers, some wallets).</summary>
    public const string Processing = "processing";
}

/// <summary>A refund as the gateway sees it: <c>pending</c>, <c>succeeded</c>, <c>failed</c> or <c>canceled</c>.</summary>
public sealed record GatewayRefund(string RefundId, string Status, long AmountQ, string? Reason = null);

/// <summary>
/// A gateway's notice that a payment changed, read from a webhook whose signature was verified.
/// <c>EventId</c> is unique per notice (a redelivery has the same one); <c>Payment</c> is the payment
/// as the notice describes it, when it is about a payment; <c>RefundedQ</c>, for a refund notice,
/// the total refunded on the payment so far.
/// </summary>
public sealed record GatewayNotice(string EventId, string Type, string TransactionId, DateTime CreatedUtc,
    GatewayPayment? Payment = null, long? RefundedQ = null);

/// <summary>The gateway could not be reached, timed out or answered 5xx or 429: the same call with the same key may be tried again.</summary>
public sealed class PaymentGatewayUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>The gateway refused the call for good (a 4xx that is not about the customer's card): retrying it will not help.</summary>
public sealed class PaymentGatewayRefusedException(string code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The gateway's error code (<c>amount_too_large</c>, <c>payment_intent_unexpected_state</c>…).</summary>
    public string Code { get; } = code;
}
