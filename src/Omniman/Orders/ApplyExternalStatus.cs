using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Orders;

/// <summary>The answer to an outside system's status report: what it did, and where the order is.</summary>
public sealed record ExternalStatusResult(string Ref, string Code, ExternalStatusOutcome Outcome, string Status, string PreviousStatus);

/// <summary>
/// Takes a status code from the integration that owns a channel (a marketplace's event) and moves
/// the order by the channel's <c>status_mapping</c>, monotonically (<see cref="Order.ApplyExternalStatus"/>).
/// Concurrent reports for one order serialize on its row lock; from a directive's handler it runs in the
/// directive's transaction.
/// </summary>
public sealed class ApplyExternalStatus(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, OrderHooks hooks, TimeProvider clock)
{
    public const int MaxCodeLength = 64;

    public async Task<ExternalStatusResult> ExecuteAsync(string orderRef, string? code, string? actor, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code)) throw OmnimanException.MissingField("code");
        if (!Text.Fits(code, MaxCodeLength)) throw OmnimanException.Invalid("code", $"A status code has {Text.AtMost(MaxCodeLength)}.");
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var order = await dialect.LockOrderAsync(db, orderRef, ct) ?? throw OmnimanException.NotFound("Order", orderRef);
        var channel = await channels.GetAsync(db, order.ChannelCode, ct);
        var previous = order.Status;
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = order.ApplyExternalStatus(code, channel.Settings.StatusMapping, channel.Settings.OrderFlow, actor, now);
        if (outcome is ExternalStatusOutcome.Moved or ExternalStatusOutcome.UnknownCode)
        {
            await hooks.PublishMovesAsync(order, channel, ct);
            if (outcome == ExternalStatusOutcome.UnknownCode)
                await hooks.PublishAsync(new OrderEventAppended(order.Ref, channel, order.Events[^1], now), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new(order.Ref, code, outcome, order.Status, previous);
    }
}
