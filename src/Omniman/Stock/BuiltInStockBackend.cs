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
        var held = await HeldAsync(sku, ct);
        return new(sku, level.OnHand, held, level.OnHand - held, Tracked: true);
    }

    public async Task<HoldOutcome> HoldAsync(HoldRequest request, CancellationToken ct)
    {
        var level = await dialect.LockStockLevelAsync(db, request.Sku, ct);
        if (level is null) return new(request.Sku, request.Qty, null, 0, null, Tracked: false);
        var available = level.OnHand - await HeldAsync(request.Sku, ct);
        if (available < request.Qty) return new(request.Sku, request.Qty, null, Math.Max(0, available), null, Tracked: true);
        var hold = StockHold.Create(HoldPrefix + RandomCodes.Next(12), request.Sku, request.Qty, request.ChannelCode, request.SessionKey,
            request.ExpiresAt, clock.GetUtcNow().UtcDateTime);
        db.StockHolds.Add(hold);
        await db.SaveChangesAsync(ct);
        return new(request.Sku, request.Qty, hold.HoldId, available - request.Qty, hold.ExpiresAt, Tracked: true);
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

    public async Task<bool> FulfilAsync(string holdId, string orderRef, CancellationToken ct)
    {
        var hold = await db.StockHolds.FirstOrDefaultAsync(h => h.HoldId == holdId, ct);
        // A rerun finds the hold fulfilled already and changes nothing: stock goes down once.
        if (hold is null || hold.Status == StockHoldStatuses.Fulfilled) return false;
        var level = await dialect.LockStockLevelAsync(db, hold.Sku, ct);
        await db.Entry(hold).ReloadAsync(ct);   // re-read under the level's lock
        if (hold.Status == StockHoldStatuses.Fulfilled) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        hold.Fulfil(orderRef, now);
        if (level is not null) db.StockMovements.Add(level.Move(-hold.Qty, "order", orderRef, now));
        await db.SaveChangesAsync(ct);
        return true;
    }

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

    private async Task<decimal> HeldAsync(string sku, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Summed here, not in SQL: SQLite stores decimals as text and cannot add them exactly.
        var quantities = await db.StockHolds.AsNoTracking()
            .Where(h => h.Sku == sku && h.Status == StockHoldStatuses.Active && (h.ExpiresAt == null || h.ExpiresAt > now))
            .Select(h => h.Qty).ToListAsync(ct);
        return quantities.Sum();
    }

    private async Task<int> Release(IQueryable<StockHold> holds, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await holds.Where(h => h.Status == StockHoldStatuses.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, StockHoldStatuses.Released).SetProperty(h => h.UpdatedAt, now), ct);
    }
}
