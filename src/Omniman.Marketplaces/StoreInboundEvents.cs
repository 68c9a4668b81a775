using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Marketplaces;

/// <summary>
/// Puts events into the durable inbox, each with the directive that processes it, in one transaction;
/// an event already there (same provider and event id) is skipped. Whoever answers the marketplace
/// (the webhook's 202, polling's acknowledgement) does so only after this returns.
/// </summary>
internal sealed class StoreInboundEvents(OmnimanDb db, IDatabaseDialect dialect, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    /// <summary>Stores what is new among <paramref name="events"/> and returns how many were new.</summary>
    public async Task<int> ExecuteAsync(string provider, IReadOnlyList<InboundEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return 0;
        for (var attempt = 1; ; attempt++)
        {
            var ids = events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).ToArray();
            var known = await db.Set<InboxEvent>().AsNoTracking().Where(e => e.Provider == provider && ids.Contains(e.EventId))
                .Select(e => e.EventId).ToListAsync(ct);
            var fresh = events.Where(e => !known.Contains(e.EventId, StringComparer.Ordinal)).DistinctBy(e => e.EventId, StringComparer.Ordinal).ToArray();
            if (fresh.Length == 0) return 0;
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var inbound in fresh)
            {
                db.Add(InboxEvent.Of(provider, inbound, now));
                db.Add(MarketplaceDirectives.ForEvent(provider, inbound, now));
            }
            try
            {
                await db.SaveChangesAsync(ct);   // events and their directives, atomically
                return fresh.Length;
            }
            catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex) && attempt < MaxAttempts)
            {
                // The same event came in at once by the other road (webhook and polling): the batch rolled
                // back whole, and the next pass finds what the other one stored and skips it.
                db.ChangeTracker.Clear();
            }
        }
    }
}
