using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Pricing;

/// <summary>
/// Counts a promotion's use when an order that applied it commits, inside the commit's
/// transaction. The increment is conditional, so concurrent commits can never take a promotion
/// past its usage limit: the loser's commit fails and its client re-prices the session.
/// </summary>
public sealed class PromotionUsageHook(OmnimanDb db) : ISessionHook
{
    public async Task OnCommittingAsync(Session session, Order order, CancellationToken ct)
    {
        if (session.Pricing["promotion"]?.GetValue<string>() is not { } code) return;
        var now = order.CreatedAt;
        var counted = await db.Promotions
            .Where(p => p.Code == code && (p.UsageLimit == null || p.UsageCount < p.UsageLimit)
                && (p.ValidFrom == null || p.ValidFrom <= now) && (p.ValidUntil == null || p.ValidUntil > now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.UsageCount, p => p.UsageCount + 1), ct);
        if (counted == 0)
            throw new OmnimanException("coupon_unavailable", $"Coupon {code} can no longer be used; modify the session to re-price it.",
                new { code });
    }

    public Task OnAbandoningAsync(Session session, CancellationToken ct) => Task.CompletedTask;
}
