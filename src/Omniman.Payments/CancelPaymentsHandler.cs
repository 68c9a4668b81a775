using Microsoft.EntityFrameworkCore;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>
/// <c>payment.cancel</c>, for a cancelled order or an abandoned session: voids what is authorized and
/// not captured, and refunds what was captured (through <see cref="RequestRefund"/>, as an operator's
/// refund would). Each void carries its payment's key, so a rerun voids nothing twice; a refund asked
/// once is counted, so a rerun asks for none.
/// </summary>
public sealed class CancelPaymentsHandler(OmnimanDb db, PaymentBackends backends, PaymentSteps steps, RequestRefund refunds) : IDirectiveHandler
{
    public static string Topic => PaymentDirectives.Cancel;
    public static bool RunsInTransaction => false;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var orderRef = directive.Payload["order_ref"]?.GetValue<string>();
        List<Payment> payments;
        if (orderRef is not null)
        {
            payments = await steps.OfOrderAsync(orderRef, ct);
        }
        else
        {
            var channelCode = directive.Payload["channel_code"]!.GetValue<string>();
            var sessionKey = directive.Payload["session_key"]!.GetValue<string>();
            payments = await db.OfSession(channelCode, sessionKey).AsNoTracking().Where(p => p.OrderRef == null).ToListAsync(ct);
        }
        foreach (var payment in payments.Where(p => p.Status is GatewayStatuses.Authorized or GatewayStatuses.RequiresAction))
        {
            try
            {
                await steps.ApplyAsync(payment.Id,
                    await backends.Get(payment.Backend).CancelAsync(payment.TransactionId, GatewayKeys.Cancel(payment), ct), ct);
            }
            catch (PaymentGatewayRefusedException ex)
            {
                await steps.FailedAsync(payment.Id, "cancel", ex.Message, ct);
                return DirectiveOutcome.Fail($"{payment.Id}: {ex.Code}: {ex.Message}");
            }
        }
        if (orderRef is not null) await refunds.RefundWhatIsLeftAsync(orderRef, "order cancelled", ct);
        return DirectiveOutcome.Done;
    }
}
