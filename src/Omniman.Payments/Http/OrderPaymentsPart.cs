using Microsoft.EntityFrameworkCore;
using Omniman.AspNetCore.Orders;
using Omniman.Channels;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Payments.Http;

/// <summary>An order's <c>payments</c>, in <c>GET /api/orders/{ref}</c>; absent for orders of channels that take none.</summary>
internal sealed class OrderPaymentsPart(OmnimanDb db, ChannelDirectory channels) : IOrderResponsePart
{
    public string Name => "payments";

    public Type Shape => typeof(List<PaymentResponse>);

    public async Task<object?> ReadAsync(Order order, CancellationToken ct)
    {
        // The channel is cached: an order of a channel without payments costs no query.
        if (!PaymentSettings.Takes(await channels.GetAsync(db, order.ChannelCode, ct))) return null;
        var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.OrderRef == order.Ref)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        return payments.Count == 0 ? null : payments.Select(p => p.ToResponse()).ToList();
    }
}
