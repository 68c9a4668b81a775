using Omniman.Channels;
using Omniman.Sessions;

namespace Omniman.Orders;

/// <summary>
/// A change in an order's life, published to every <see cref="IOrderHook"/> inside the transaction
/// that makes the change: what a hook stages on the context (a directive, a row of its own)
/// commits with the change, or not at all.
/// </summary>
public abstract record OrderLifecycleEvent(string OrderRef, Channel Channel, DateTime AtUtc);

/// <summary>
/// A session was committed into <paramref name="Order"/>, which started in
/// <paramref name="Status"/>, its flow's initial status (an <c>on_create</c> auto-transition follows as its own event).
/// </summary>
public sealed record OrderCreated(Order Order, Channel Channel, Session Session, string Status, DateTime AtUtc)
    : OrderLifecycleEvent(Order.Ref, Channel, AtUtc);

/// <summary>
/// The order moved from <paramref name="From"/> to <paramref name="To"/> (by a client, an auto-transition
/// or an integration). <paramref name="ExternalCode"/> is set when the move applies an outside system's status report
/// (the code its <c>status_mapping</c> mapped), so an integration does not send its own move back.
/// </summary>
public sealed record OrderStatusChanged(Order Order, Channel Channel, string From, string To, string? Actor, string? Reason, DateTime AtUtc,
    string? ExternalCode = null)
    : OrderLifecycleEvent(Order.Ref, Channel, AtUtc);

/// <summary>An event was added to the order's log without moving it (a note, a client's <c>custom.*</c> event, an unknown external status).</summary>
public sealed record OrderEventAppended(string OrderRef, Channel Channel, OrderEvent Event, DateTime AtUtc) : OrderLifecycleEvent(OrderRef, Channel, AtUtc);

/// <summary>
/// Takes part in an order's life, in the transaction of the change: payments void or refund on a
/// cancel, marketplaces push the move back, webhooks record a delivery. Database work only, no
/// outside I/O: what needs the outside world is a directive the hook stages. Order ids are known
/// after the save, so directives name the order by its ref.
/// </summary>
public interface IOrderHook
{
    Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct);
}

/// <summary>Publishes an order's lifecycle events to the registered hooks, in registration order.</summary>
public sealed class OrderHooks(IEnumerable<IOrderHook> hooks)
{
    private readonly IOrderHook[] _hooks = [.. hooks];

    /// <summary>The status moves the order made since the last call (an auto-transition at creation included), in order.</summary>
    public async Task PublishMovesAsync(Order order, Channel channel, CancellationToken ct)
    {
        foreach (var move in order.TakeMoves()) await PublishAsync(new OrderStatusChanged(order, channel, move.From, move.To, move.Actor, move.Reason, move.AtUtc, move.ExternalCode), ct);
    }

    public async Task PublishAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        foreach (var hook in _hooks) await hook.OnOrderEventAsync(lifecycleEvent, ct);
    }
}
