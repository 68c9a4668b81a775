using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Orders;

public sealed record TransitionResult(string Ref, string Status, string PreviousStatus);

/// <summary>
/// Moves an order by its channel's flow; concurrent moves of one order serialize on its row lock.
/// From a directive's handler it runs in the directive's transaction.
/// </summary>
public sealed class TransitionOrder(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, OrderHooks hooks, TimeProvider clock)
{
    public async Task<TransitionResult> ExecuteAsync(string orderRef, string? status, string? actor, string? reason, CancellationToken ct,
        string? onBehalfOf = null)
    {
        if (string.IsNullOrEmpty(status)) throw OmnimanException.MissingField("status");
        if (!Text.Fits(actor, OrderEvent.MaxActorLength) || !Text.Fits(onBehalfOf, OrderEvent.MaxActorLength))
            throw OmnimanException.Invalid("actor", $"An actor has {Text.AtMost(OrderEvent.MaxActorLength)}.");
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var order = await dialect.LockOrderAsync(db, orderRef, ct) ?? throw OmnimanException.NotFound("Order", orderRef);
        var channel = await channels.GetAsync(db, order.ChannelCode, ct);
        var previous = order.Status;
        if (order.TransitionTo(status, channel.Settings.OrderFlow, actor, reason, clock.GetUtcNow().UtcDateTime, onBehalfOf))
        {
            await hooks.PublishMovesAsync(order, channel, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new(order.Ref, order.Status, previous);
    }
}
