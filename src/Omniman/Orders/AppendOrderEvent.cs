using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Orders;

/// <summary>Appends a client's audit event (<c>custom.*</c>) to an order's log, and tells the order hooks.</summary>
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
        var now = clock.GetUtcNow().UtcDateTime;
        var orderEvent = OrderEvent.Create(type, actor, payload is null ? [] : Json.Clone(payload), now);
        db.Entry(orderEvent).Property(e => e.OrderId).CurrentValue = order.Id;
        db.OrderEvents.Add(orderEvent);
        await hooks.PublishAsync(new OrderEventAppended(orderRef, await channels.GetAsync(db, order.ChannelCode, ct), orderEvent, now), ct);
        await db.SaveChangesAsync(ct);
        return orderEvent;
    }
}
