using Omniman.Orders;

namespace Omniman.Sessions;

/// <summary>
/// Lets a backend take part in a session's end, inside the same transaction as the change
/// (database work only, no outside I/O): the stock backend pins holds at commit and releases
/// them on abandon.
/// </summary>
public interface ISessionHook
{
    Task OnCommittingAsync(Session session, Order order, CancellationToken ct);
    Task OnAbandoningAsync(Session session, CancellationToken ct);
}
