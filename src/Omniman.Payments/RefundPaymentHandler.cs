using Microsoft.EntityFrameworkCore;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>
/// <c>payment.refund</c>: makes an asked refund at the gateway, with the refund's own key, so a rerun
/// (after a crash between the gateway's answer and our write) refunds nothing twice. A refund the
/// gateway refuses for good is stored as failed and no longer counts against the captured amount.
/// </summary>
public sealed class RefundPaymentHandler(OmnimanDb db, PaymentBackends backends, PaymentSteps steps) : IDirectiveHandler
{
    public static string Topic => PaymentDirectives.Refund;
    public static bool RunsInTransaction => false;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var refundId = directive.Payload["refund_id"]!.GetValue<string>();
        var refund = await db.Set<PaymentRefund>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == refundId, ct);
        if (refund is null || refund.Status != RefundStatuses.Requested) return DirectiveOutcome.Done;
        var payment = await db.Set<Payment>().AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, ct);
        try
        {
            var answer = await backends.Get(payment.Backend).RefundAsync(payment.TransactionId, refund.AmountQ, refund.Reason, GatewayKeys.Refund(refund), ct);
            // A pending refund is on its way (the gateway's notice tells if it fails later); only a failed or cancelled one is not.
            if (answer.Status is "failed" or "canceled")
            {
                await steps.RefundedAsync(refundId, null, $"the gateway answered {answer.Status}", ct);
                return DirectiveOutcome.Fail($"{refundId}: the gateway answered {answer.Status}");
            }
            await steps.RefundedAsync(refundId, answer, null, ct);
            return DirectiveOutcome.Done;
        }
        catch (PaymentGatewayRefusedException ex)
        {
            await steps.RefundedAsync(refundId, null, ex.Message, ct);
            return DirectiveOutcome.Fail($"{refundId}: {ex.Code}: {ex.Message}");
        }
    }
}
