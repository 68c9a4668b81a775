using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Orders;

/// <summary>
/// Appends an event to an order's log and tells the order hooks: a client's audit event
/// (<c>custom.*</c>), or a module's own (<c>payment.captured</c>) staged in the module's transaction.
/// </summary>
public sealed class AppendOrderEvent(OmnimanDb db, ChannelDirectory channels, OrderHooks hooks, TimeProvider clock)
{
    public const string CustomPrefix = "custom.";

    public async Task<OrderEvent> ExecuteAsync(string orderRef, string? type, JsonObject? payload, string? actor, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(type)) throw OmnimanException.MissingField("type");
        if (!type.StartsWith(CustomPrefix, StringComparison.Ordinal) || type.Length == CustomPrefix.Length)
            throw OmnimanException.Invalid("type", "Client events are named 'custom.<something>'.");
        if (!Text.Fits(type, OrderEvent.MaxTypeLength))
            throw OmnimanException.Invalid("type", $"An event type has {Text.AtMost(OrderEvent.MaxTypeLength)}.");
        var order = await db.Orders.Where(o => o.Ref == orderRef).Select(o => new { o.Id, o.ChannelCode }).FirstOrDefaultAsync(ct)
            ?? throw OmnimanException.NotFound("Order", orderRef);
        var orderEvent = await StageAsync(order.Id, orderRef, order.ChannelCode, type, payload is null ? [] : Json.Clone(payload), actor, ct);
        await db.SaveChangesAsync(ct);
        return orderEvent;
    }

    /// <summary>
    /// For a module: adds its event (named <c>&lt;module&gt;.&lt;what&gt;</c>) to the order's log on the
    /// caller's context, for its next save, and tells the order hooks in the caller's transaction.
    /// </summary>
    public Task<OrderEvent> StageAsync(Order order, string type, JsonObject payload, string? actor, CancellationToken ct) =>
        StageAsync(order.Id, order.Ref, order.ChannelCode, type, payload, actor, ct);

    private async Task<OrderEvent> StageAsync(long orderId, string orderRef, string channelCode, string type, JsonObject payload, string? actor,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var orderEvent = OrderEvent.Create(type, actor, payload, now);
        db.Entry(orderEvent).Property(e => e.OrderId).CurrentValue = orderId;
        db.OrderEvents.Add(orderEvent);
        await hooks.PublishAsync(new OrderEventAppended(orderRef, await channels.GetAsync(db, channelCode, ct), orderEvent, now), ct);
        return orderEvent;
    }
}
