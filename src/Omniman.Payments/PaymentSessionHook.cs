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
public sealed class PaymentSessionHook(OmnimanDb db, ChannelDirectory channels, TimeProvider clock) : ISessionHook
{
    public async Task OnCommittingAsync(Session session, Order order, CancellationToken ct)
    {
        if (!PaymentSettings.Takes(await channels.GetAsync(db, session.ChannelCode, ct))) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<Payment>()
            .Where(p => p.ChannelCode == session.ChannelCode && p.SessionKey == session.SessionKey && p.OrderRef == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OrderRef, order.Ref).SetProperty(p => p.UpdatedAt, now), ct);
    }

    public async Task OnAbandoningAsync(Session session, CancellationToken ct)
    {
        if (!PaymentSettings.Takes(await channels.GetAsync(db, session.ChannelCode, ct))) return;
        db.Add(PaymentDirectives.CancelSession(session.ChannelCode, session.SessionKey, clock.GetUtcNow().UtcDateTime));
    }
}
