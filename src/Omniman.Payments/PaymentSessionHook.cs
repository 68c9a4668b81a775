using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Payments;

/// <summary>
/// Links a session's payments to the order it becomes, in the commit's transaction; an abandoned
/// session's authorizations are voided by a <c>payment.cancel</c> directive.
/// </summary>
public sealed class PaymentSessionHook(OmnimanDb db, ChannelDirectory channels, OrderHooks hooks, TimeProvider clock) : ISessionHook
{
    public async Task OnCommittingAsync(Session session, Order order, CancellationToken ct)
    {
        var channel = await channels.GetAsync(db, session.ChannelCode, ct);
        if (!PaymentSettings.Takes(channel)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var payments = await db.OfSession(session.ChannelCode, session.SessionKey).Where(p => p.OrderRef == null).ToListAsync(ct);
        foreach (var payment in payments)
        {
            payment.Link(order.Ref, now);
            if (!payment.IsAuthorized) continue;
            // The order's log starts with the authorization the commit relied on; the order is saved
            // with this change, so the event rides on its collection rather than its id.
            var authorized = OrderEvent.Create("payment.authorized", PaymentSteps.Actor, PaymentSteps.Describe(payment), now);
            order.Events.Add(authorized);
            await hooks.PublishAsync(new OrderEventAppended(order.Ref, channel, authorized, now), ct);
        }
    }

    public async Task OnAbandoningAsync(Session session, CancellationToken ct)
    {
        if (!PaymentSettings.Takes(await channels.GetAsync(db, session.ChannelCode, ct))) return;
        db.Add(PaymentDirectives.CancelSession(session.ChannelCode, session.SessionKey, clock.GetUtcNow().UtcDateTime));
    }
}
