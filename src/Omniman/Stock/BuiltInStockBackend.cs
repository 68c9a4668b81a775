using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Stock;

/// <summary>
/// Stock levels and holds in Omniman's own database. Availability is on hand minus the holds that
/// still count (active and unexpired, or pinned by a commit); expired holds never count. Holds of
/// one SKU serialize on its level's row lock, so concurrent baskets cannot oversell.
/// </summary>
public sealed class BuiltInStockBackend(OmnimanDb db, IDatabaseDialect dialect, TimeProvider clock) : IStockBackend
{
    public const string HoldPrefix = "HLD-";

    public async Task<StockAvailability> AvailabilityAsync(string sku, CancellationToken ct)
    {
        var level = await db.StockLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == sku, ct);
        if (level is null) return new(sku, 0, 0, 0, Tracked: false);
        var held = (await HeldAsync([sku], ct)).GetValueOrDefault(sku);
        return new(sku, level.OnHand, held, level.OnHand - held, Tracked: true);
    }

    // Two round trips whatever the basket: lock the levels, sum their holds. The new holds are
    // added to the caller's context and go out with its next save, inside its transaction.
    public async Task<IReadOnlyList<HoldOutcome>> HoldAsync(IReadOnlyList<HoldRequest> requests, CancellationToken ct)
    {
        if (requests.Count == 0) return [];
        var levels = await dialect.LockStockLevelsAsync(db, [.. requests.Select(r => r.Sku).Distinct(StringComparer.Ordinal)], ct);
        var held = await HeldAsync([.. levels.Select(l => l.Sku)], ct);
        var available = levels.ToDictionary(l => l.Sku, l => l.OnHand - held.GetValueOrDefault(l.Sku), StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcomes = new List<HoldOutcome>(requests.Count);
        foreach (var request in requests)
        {
            if (!available.TryGetValue(request.Sku, out var free))
            {
                outcomes.Add(new(request.Sku, request.Qty, null, 0, null, Tracked: false));
                continue;
            }
            if (free < request.Qty)
            {
                outcomes.Add(new(request.Sku, request.Qty, null, Math.Max(0, free), null, Tracked: true));
                continue;
            }
            var hold = StockHold.Create(HoldPrefix + RandomCodes.Next(12), request.Sku, request.Qty, request.ChannelCode, request.SessionKey,
                request.ExpiresAt, now);
            db.StockHolds.Add(hold);
            available[request.Sku] = free - request.Qty;
            outcomes.Add(new(request.Sku, request.Qty, hold.HoldId, free - request.Qty, hold.ExpiresAt, Tracked: true));
        }
        return outcomes;
    }

    public Task ReleaseAsync(string holdId, CancellationToken ct) =>
        Release(db.StockHolds.Where(h => h.HoldId == holdId), ct);

    public Task<int> ReleaseSessionAsync(string channelCode, string sessionKey, CancellationToken ct) =>
        Release(db.StockHolds.Where(h => h.ChannelCode == channelCode && h.SessionKey == sessionKey), ct);

    public async Task PinSessionAsync(string channelCode, string sessionKey, string orderRef, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.StockHolds
            .Where(h => h.ChannelCode == channelCode && h.SessionKey == sessionKey && h.Status == StockHoldStatuses.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.ExpiresAt, (DateTime?)null)
                .SetProperty(h => h.OrderRef, orderRef).SetProperty(h => h.UpdatedAt, now), ct);
    }

    // The fulfilled holds and stock movements are staged on the caller's context, under the levels'
    // row locks, and go out with its next save, inside its transaction.
    public async Task<int> FulfilAsync(IReadOnlyList<string> holdIds, string orderRef, CancellationToken ct)
    {
        if (holdIds.Count == 0) return 0;
        var levels = (await dialect.LockStockLevelsOfHoldsAsync(db, holdIds, ct)).ToDictionary(l => l.Sku, StringComparer.Ordinal);
        // Read under the levels' locks. A rerun finds the holds fulfilled already and changes nothing: stock goes down once.
        var holds = await Unfulfilled(holdIds).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var hold in holds)
        {
            hold.Fulfil(orderRef, now);
            if (levels.TryGetValue(hold.Sku, out var level)) db.StockMovements.Add(level.Move(-hold.Qty, "order", orderRef, now));
        }
        return holds.Count;
    }

    private IQueryable<StockHold> Unfulfilled(IReadOnlyList<string> holdIds) =>
        db.StockHolds.Where(h => holdIds.Contains(h.HoldId) && h.Status != StockHoldStatuses.Fulfilled);

    public async Task<IReadOnlyList<string>> AlternativesAsync(string sku, decimal qty, CancellationToken ct)
    {
        var level = await db.StockLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == sku, ct);
        var result = new List<string>();
        foreach (var candidate in level?.Alternatives ?? [])
        {
            var availability = await AvailabilityAsync(candidate, ct);
            if (!availability.Tracked || availability.Available >= qty) result.Add(candidate);
        }
        return result;
    }

    /// <summary>What the holds that still count reserve, per SKU; SKUs without any are absent.</summary>
    private async Task<Dictionary<string, decimal>> HeldAsync(IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Summed here, not in SQL: SQLite stores decimals as text and cannot add them exactly.
        var holds = await db.StockHolds.AsNoTracking()
            .Where(h => skus.Contains(h.Sku) && h.Status == StockHoldStatuses.Active && (h.ExpiresAt == null || h.ExpiresAt > now))
            .Select(h => new { h.Sku, h.Qty }).ToListAsync(ct);
        return holds.GroupBy(h => h.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(h => h.Qty), StringComparer.Ordinal);
    }

    private async Task<int> Release(IQueryable<StockHold> holds, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await holds.Where(h => h.Status == StockHoldStatuses.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, StockHoldStatuses.Released).SetProperty(h => h.UpdatedAt, now), ct);
    }
}
