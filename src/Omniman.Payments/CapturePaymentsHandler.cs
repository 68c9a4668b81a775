using Omniman.Directives;
using Omniman.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Omniman.Payments;

/// <summary>
/// <c>payment.capture</c>: captures the order's total from its authorized payments, oldest first, and
/// voids what is left over. Each gateway call carries the key of its payment's step, and the amount
/// follows from what is stored, so a rerun after a crash between the gateway's answer and our write
/// makes the same call and gets the gateway's stored answer: nothing is captured twice.
/// </summary>
public sealed class CapturePaymentsHandler(OmnimanDb db, PaymentBackends backends, PaymentSteps steps) : IDirectiveHandler
{
    public static string Topic => PaymentDirectives.Capture;
    public static bool RunsInTransaction => false;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var orderRef = directive.Payload["order_ref"]!.GetValue<string>();
        var totalQ = await db.Orders.Where(o => o.Ref == orderRef).Select(o => o.TotalQ).FirstAsync(ct);
        var payments = await steps.OfOrderAsync(orderRef, ct);
        var remainingQ = totalQ - payments.Sum(p => p.CapturedQ);
        foreach (var payment in payments.Where(p => p.IsAuthorized))
        {
            var backend = backends.Get(payment.Backend);
            var amountQ = Math.Min(payment.AmountQ, remainingQ);
            try
            {
                var answer = amountQ > 0
                    ? await backend.CaptureAsync(payment.TransactionId, amountQ, GatewayKeys.Capture(payment), ct)
                    : await backend.CancelAsync(payment.TransactionId, GatewayKeys.Cancel(payment), ct);
                await steps.ApplyAsync(payment.Id, answer, ct);
            }
            catch (PaymentGatewayRefusedException ex)
            {
                // An authorization that lapsed or was voided elsewhere cannot be captured by trying again.
                await steps.FailedAsync(payment.Id, "capture", ex.Message, ct);
                return DirectiveOutcome.Fail($"{payment.Id}: {ex.Code}: {ex.Message}");
            }
            remainingQ -= Math.Max(amountQ, 0);
        }
        return DirectiveOutcome.Done;
    }
}
