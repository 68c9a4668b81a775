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
/// Processes one inbox event (docs/marketplaces.md, "What happens to each event"): a new order is imported,
/// a status moves the order through its channel's <c>status_mapping</c>, a refused cancellation is recorded
/// and raised. Outside any transaction, since importing commits a session and fetching waits on the marketplace.
/// </summary>
internal sealed class MarketplaceEventHandler(OmnimanDb db, MarketplaceAdapters adapters, ImportMarketplaceOrder import,
    ApplyExternalStatus apply, AppendOrderEvent append, ChannelDirectory channels, IOptions<DirectiveOptions> retries, TimeProvider clock,
    ILogger<MarketplaceEventHandler> logger) : IDirectiveHandler
{
    public static string Topic => MarketplaceDirectives.Event;
    public static bool RunsInTransaction => false;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var provider = directive.Payload["provider"]?.GetValue<string>() ?? "";
        var eventId = directive.Payload["event_id"]?.GetValue<string>() ?? "";
        var row = await db.Set<InboxEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Provider == provider && e.EventId == eventId, ct);
        if (row is null) return DirectiveOutcome.Fail($"{provider} event {eventId} is not in the inbox.");
        // A rerun (a lapsed lease, a requeue after the import) of an event already done changes nothing.
        if (row.ProcessedAt is not null) return DirectiveOutcome.Done;
        if (adapters.Find(provider) is not { } adapter) return DirectiveOutcome.Fail($"No marketplace adapter for '{provider}' on this server.");
        var inbound = row.ToInbound();
        try
        {
            var kind = adapter.Classify(inbound);
            if (kind == InboundEventKind.NewOrder)
            {
                var imported = await import.ExecuteAsync(adapter, row, ct);
                if (imported.Kind != DirectiveOutcomeKind.Done) return imported;
            }
            else if (kind is InboundEventKind.Status or InboundEventKind.CancellationRefused)
            {
                var link = row.OrderId is null ? null : await db.Set<MarketplaceOrder>().AsNoTracking()
                    .FirstOrDefaultAsync(o => o.Provider == provider && o.OrderId == row.OrderId, ct);
                // Out of order: the order is not imported yet. The event stays unprocessed in the inbox and the
                // import runs it again once the order exists (ImportMarketplaceOrder), however long that takes.
                if (link is null) return row.OrderId is null ? DirectiveOutcome.Fail($"{provider} event {eventId} names no order.") : DirectiveOutcome.Done;
                if (kind == InboundEventKind.Status) await ApplyStatusAsync(adapter, inbound, link, ct);
                else
                {
                    await RecordRefusalAsync(inbound, link, ct);
                    return DirectiveOutcome.Done;
                }
            }
        }
        catch (MarketplaceUnavailableException ex)
        {
            return DirectiveOutcome.RetryAfterDelay(ex.RetryAfter ?? DirectiveDispatcher.Backoff(directive.Attempts, retries.Value), ex.Message);
        }
        await MarkProcessedAsync(provider, eventId, ct);
        return DirectiveOutcome.Done;
    }

    private async Task ApplyStatusAsync(IMarketplaceAdapter adapter, InboundEvent inbound, MarketplaceOrder link, CancellationToken ct)
    {
        var mapping = (await channels.GetAsync(db, link.ChannelCode, ct)).Settings.StatusMapping;
        var codes = adapter.StatusCodes(inbound);
        // The first of the event's names the channel maps, else its own code, which is recorded as unknown.
        var code = codes.FirstOrDefault(mapping.ContainsKey) ?? codes[0];
        // Monotonic (docs/concepts.md, "External status reports"): a late or repeated event changes nothing.
        await apply.ExecuteAsync(link.OrderRef, code, adapter.Provider, ct);
    }

    /// <summary>The order stays as it was; the refusal is an order event and an alert, with the inbox mark in one transaction.</summary>
    private async Task RecordRefusalAsync(InboundEvent inbound, MarketplaceOrder link, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var order = await db.Orders.FirstAsync(o => o.Ref == link.OrderRef, ct);
        await append.StageAsync(order, "marketplace.cancellation_refused", new JsonObject
        {
            ["provider"] = link.Provider,
            ["order_id"] = link.OrderId,
            ["event_id"] = inbound.EventId,
            ["code"] = inbound.Code,
            ["detail"] = inbound.Raw["metadata"]?.DeepClone(),
        }, link.Provider, ct);
        var row = await db.Set<InboxEvent>().FirstAsync(e => e.Provider == link.Provider && e.EventId == inbound.EventId, ct);
        row.MarkProcessed(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogWarning("{Provider} refused to cancel order {OrderRef} ({DisplayId}); it stays as it was. Confirm it or ask again.",
            link.Provider, link.OrderRef, link.DisplayId ?? link.OrderId);
    }

    private async Task MarkProcessedAsync(string provider, string eventId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<InboxEvent>().Where(e => e.Provider == provider && e.EventId == eventId && e.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, (DateTime?)now), ct);
    }
}
