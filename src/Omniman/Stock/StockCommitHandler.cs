using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Stock;

/// <summary>
/// After commit (docs/concepts.md, Stock): fulfils the order's holds, so on-hand stock goes down, then applies the
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
        await stock.FulfilAsync(HoldIds(directive.Payload), orderRef, ct);   // staged: goes out with the transition's save or the directive's
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

    /// <summary>
    /// The holds the commit's check results list (the kernel passes every result of the checks the commit
    /// relied on under <c>checks</c>): the stock check's, whatever code a channel gives it, read from the
    /// payload rather than the channel's current config, which may have changed since the commit. Ids
    /// the stock backend does not know fulfil nothing. A directive queued before check results were
    /// passed this way carries its holds at the top, and is read so.
    /// </summary>
    private static List<string> HoldIds(JsonObject payload)
    {
        var lists = (payload["checks"] as JsonObject ?? []).Select(c => c.Value?["holds"]).Append(payload["holds"]);
        return [.. lists.OfType<JsonArray>().SelectMany(h => h).Select(h => h?["hold_id"]?.GetValue<string>()).OfType<string>().Distinct()];
    }
}
