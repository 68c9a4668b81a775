using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Omniman.Payments;

/// <summary>
/// The <c>mock</c> backend, for development, demos and tests: the method token decides
/// (<c>pm_card_declined</c> declines, <c>pm_card_requires_action</c> needs the customer, any other
/// token or none approves), and every answer follows from the call alone: the same idempotency key
/// gives the same transaction, in any process. <see cref="GetAsync"/> knows the payments this process
/// saw.
/// </summary>
public sealed class MockPaymentBackend : IPaymentBackend
{
    public const string Declined = "pm_card_declined";
    public const string RequiresAction = "pm_card_requires_action";

    private readonly ConcurrentDictionary<string, GatewayPayment> _seen = new(StringComparer.Ordinal);

    public string Name => "mock";

    public Task<GatewayPayment> AuthorizeAsync(AuthorizeRequest request, string idempotencyKey, CancellationToken ct) =>
        Seen(request.Method switch
        {
            Declined => new(Id("mock_pi_", idempotencyKey), GatewayStatuses.Declined, request.AmountQ, 0, 0,
                Reason: "Your card was declined. (card_declined)"),
            RequiresAction => new(Id("mock_pi_", idempotencyKey), GatewayStatuses.RequiresAction, request.AmountQ, 0, 0,
                ClientSecret: Id("mock_secret_", idempotencyKey)),
            _ => new(Id("mock_pi_", idempotencyKey), GatewayStatuses.Authorized, request.AmountQ, request.AmountQ, 0),
        });

    public Task<GatewayPayment> CaptureAsync(string transactionId, long amountQ, string idempotencyKey, CancellationToken ct) =>
        Seen(new(transactionId, GatewayStatuses.Captured, Known(transactionId)?.AmountQ ?? amountQ, 0, amountQ));

    public Task<GatewayPayment> CancelAsync(string transactionId, string idempotencyKey, CancellationToken ct) =>
        Seen(new(transactionId, GatewayStatuses.Cancelled, Known(transactionId)?.AmountQ ?? 0, 0, 0));

    public Task<GatewayRefund> RefundAsync(string transactionId, long amountQ, string reason, string idempotencyKey, CancellationToken ct) =>
        Task.FromResult(new GatewayRefund(Id("mock_re_", idempotencyKey), "succeeded", amountQ, reason));

    public Task<GatewayPayment> GetAsync(string transactionId, CancellationToken ct) =>
        Known(transactionId) is { } payment
            ? Task.FromResult(payment)
            : throw new PaymentGatewayRefusedException("resource_missing", $"No such payment: '{transactionId}'.");

    private GatewayPayment? Known(string transactionId) => _seen.GetValueOrDefault(transactionId);

    private Task<GatewayPayment> Seen(GatewayPayment payment)
    {
        _seen[payment.TransactionId] = payment;
        return Task.FromResult(payment);
    }

    private static string Id(string prefix, string idempotencyKey) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..24];
}
