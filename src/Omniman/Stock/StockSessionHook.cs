using Omniman.Orders;
using Omniman.Sessions;

namespace Omniman.Stock;

/// <summary>Pins a session's holds when it commits and releases them when it is abandoned.</summary>
public sealed class StockSessionHook(IStockBackend stock) : ISessionHook
{
    public Task OnCommittingAsync(Session session, Order order, CancellationToken ct) =>
        stock.PinSessionAsync(session.ChannelCode, session.SessionKey, order.Ref, ct);

    public Task OnAbandoningAsync(Session session, CancellationToken ct) =>
        stock.ReleaseSessionAsync(session.ChannelCode, session.SessionKey, ct);
}
