namespace Omniman.Payments.Http;

public sealed record AuthorizeRequestBody(string? ChannelCode, string? Backend, string? Method);

public sealed record RefundRequestBody([property: System.ComponentModel.DataAnnotations.Required] long? AmountQ,
    [property: System.ComponentModel.DataAnnotations.Required] string? Reason);

/// <summary>A payment on the wire (docs/payments.md); <c>client_secret</c> only in the answer that created it.</summary>
public sealed record PaymentResponse(string Id, string Backend, string Status, long AmountQ, string Currency, int Rev, long CapturedQ,
    long RefundedQ, string TransactionId, string? Reason, DateTime CreatedAt, string? ClientSecret = null);

public sealed record RefundResponse(string Id, string PaymentId, long AmountQ, string Reason, string Status, DateTime CreatedAt);

public sealed record RefundsResponse(string OrderRef, long AmountQ, IReadOnlyList<RefundResponse> Refunds);

internal static class PaymentMapping
{
    public static PaymentResponse ToResponse(this Payment p, string? clientSecret = null) => new(
        p.Id, p.Backend, p.Status, p.AmountQ, p.Currency, p.SessionRev, p.CapturedQ, p.RefundedQ, p.TransactionId, p.Reason, p.CreatedAt, clientSecret);

    public static RefundResponse ToResponse(this PaymentRefund r) => new(r.Id, r.PaymentId, r.AmountQ, r.Reason, r.Status, r.CreatedAt);
}
