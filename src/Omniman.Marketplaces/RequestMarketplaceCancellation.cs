using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Marketplaces;

/// <summary>
/// Asks the marketplace to cancel one of its orders: records the request on the order and queues the
/// action, in one transaction. The order does not move: the marketplace's cancellation event cancels it,
/// and a refusal leaves it as it was with an event and an alert.
/// </summary>
internal sealed class RequestMarketplaceCancellation(OmnimanDb db, ChannelDirectory channels, AppendOrderEvent append, TimeProvider clock)
{
    public const int MaxReasonLength = 250;

    public async Task<MarketplaceOrder> ExecuteAsync(string orderRef, string? reason, string? actor, CancellationToken ct)
    {
        Text.EnsureAtMost("reason", reason, MaxReasonLength);
        var link = await db.Set<MarketplaceOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.OrderRef == orderRef, ct)
            ?? throw new OmnimanException("not_marketplace_order", $"Order {orderRef} did not come from a marketplace.", new { order_ref = orderRef });
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var order = await db.Orders.FirstAsync(o => o.Ref == orderRef, ct);
        var flow = (await channels.GetAsync(db, order.ChannelCode, ct)).Settings.OrderFlow;
        if (flow.IsTerminal(order.Status))
            throw new OmnimanException("terminal_status", $"Order {orderRef} is {order.Status} and cannot be cancelled.", new { current_status = order.Status });
        await append.StageAsync(order, "marketplace.cancellation_requested", new JsonObject
        {
            ["provider"] = link.Provider,
            ["order_id"] = link.OrderId,
            ["reason"] = reason,
        }, actor, ct);
        db.Add(MarketplaceDirectives.ForAction(link.Provider, link.OrderId, link.MerchantId, link.OrderRef, MarketplaceActions.Cancel,
            reason, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return link;
    }
}
