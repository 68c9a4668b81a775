using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Stock;

/// <summary>
/// After commit (spec §7): fulfils the order's holds, so on-hand stock goes down, then applies the
/// channel's <c>on_stock_commit</c> auto-transition, both in the directive's transaction. A rerun
/// fulfils nothing twice (holds already fulfilled are skipped) and the transition to a status the
/// order has is a no-op.
/// </summary>
public sealed class StockCommitHandler(OmnimanDb db, ChannelDirectory channels, IStockBackend stock, TransitionOrder transition) : IDirectiveHandler
{
    public static string Topic => "stock.commit";

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var orderRef = directive.Payload["order_ref"]!.GetValue<string>();
        var holdIds = (directive.Payload["holds"] as JsonArray ?? [])
            .Select(h => h?["hold_id"]?.GetValue<string>()).OfType<string>().ToList();
        await stock.FulfilAsync(holdIds, orderRef, ct);   // staged: goes out with the transition's save or the directive's
        var channelCode = directive.Payload["channel_code"]!.GetValue<string>();
        var channel = await channels.GetAsync(db, channelCode, ct);
        if (channel.Settings.OrderFlow.AutoTransitions.TryGetValue("on_stock_commit", out var next))
        {
            try
            {
                await transition.ExecuteAsync(orderRef, next, "system", "auto_transitions.on_stock_commit", ct);
            }
            catch (OmnimanException ex) when (ex.Code is "invalid_transition" or "terminal_status")
            {
                // The order moved past that status already (an operator was quicker): nothing to do.
            }
        }
        return DirectiveOutcome.Done;
    }
}
