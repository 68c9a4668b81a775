using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Marketplaces;

/// <summary>
/// Sends one of our moves to the marketplace (docs/marketplaces.md, "Our moves"), outside any transaction,
/// retried with backoff while the marketplace cannot answer. An accepted request is recorded on the order;
/// what it did arrives later as the marketplace's event. A refused one is recorded and fails for good.
/// </summary>
internal sealed class MarketplaceActionHandler(OmnimanDb db, MarketplaceAdapters adapters, AppendOrderEvent append, ChannelDirectory channels,
    IOptions<DirectiveOptions> retries, ILogger<MarketplaceActionHandler> logger) : IDirectiveHandler
{
    public static string Topic => MarketplaceDirectives.Action;
    public static bool RunsInTransaction => false;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var p = directive.Payload;
        var provider = p["provider"]!.GetValue<string>();
        var orderRef = p["order_ref"]!.GetValue<string>();
        var action = p["action"]!.GetValue<string>();
        if (adapters.Find(provider) is not { } adapter) return DirectiveOutcome.Fail($"No marketplace adapter for '{provider}' on this server.");
        // Our moves reach the marketplace in the order they were made: a ready sent while the confirm
        // before it waits out a 5xx would be refused, or worse, taken out of order. An earlier move of
        // this order still queued or running goes first; this one waits without spending an attempt.
        if (await EarlierMovePendingAsync(directive, ct))
            return DirectiveOutcome.Defer(TimeSpan.FromSeconds(1), "an earlier move of this order is still on its way to the marketplace");
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Ref == orderRef, ct);
        var settings = MarketplaceSettings.Of(await channels.GetAsync(db, order.ChannelCode, ct));
        var request = new ActionRequest(action, p["order_id"]!.GetValue<string>(), p["merchant_id"]!.GetValue<string>(),
            p["reason"]?.GetValue<string>(), settings?.CancellationCode, order.Snapshot.ToNode()["data"] as JsonObject);
        ActionOutcome outcome;
        try
        {
            // At least once: a crash after the marketplace took the request and before the event below is
            // recorded sends it again; the marketplace answers a repeated confirm or dispatch as it did the first.
            outcome = await adapter.SendAsync(request, ct);
        }
        catch (MarketplaceUnavailableException ex)
        {
            outcome = ActionOutcome.Retry(ex.Message, ex.RetryAfter);
        }
        switch (outcome.Kind)
        {
            case ActionOutcomeKind.Retry:
                return DirectiveOutcome.RetryAfterDelay(outcome.RetryAfter ?? DirectiveDispatcher.Backoff(directive.Attempts, retries.Value), outcome.Detail ?? "the marketplace did not answer");
            case ActionOutcomeKind.NotSupported:
                return DirectiveOutcome.Done;
            case ActionOutcomeKind.Accepted:
                await RecordAsync(orderRef, "marketplace.action_requested", request, outcome, provider, ct);
                return DirectiveOutcome.Done;
            default:
                await RecordAsync(orderRef, "marketplace.action_refused", request, outcome, provider, ct);
                logger.LogWarning("{Provider} refused {Action} for order {OrderRef}: {Detail}", provider, action, orderRef, outcome.Detail);
                return DirectiveOutcome.Fail($"{provider} refused {action}: {outcome.Detail}");
        }
    }

    private Task<bool> EarlierMovePendingAsync(Directive directive, CancellationToken ct) =>
        db.Directives.AsNoTracking().AnyAsync(d => d.Correlation == directive.Correlation && d.Id < directive.Id && d.Topic == Topic
            && (d.Status == DirectiveStatuses.Queued || d.Status == DirectiveStatuses.Running), ct);

    private async Task RecordAsync(string orderRef, string type, ActionRequest request, ActionOutcome outcome, string provider, CancellationToken ct)
    {
        var order = await db.Orders.FirstAsync(o => o.Ref == orderRef, ct);
        await append.StageAsync(order, type, new JsonObject
        {
            ["provider"] = provider,
            ["action"] = request.Action,
            ["order_id"] = request.OrderId,
            ["detail"] = outcome.Detail,
        }, provider, ct);
        await db.SaveChangesAsync(ct);
    }
}
