using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Stock;

/// <summary>Admin changes to the built-in backend's levels, each recorded in the movement log.</summary>
public sealed class ManageStock(OmnimanDb db, IDatabaseDialect dialect, IStockBackend stock, TimeProvider clock)
{
    public async Task<StockAvailability> SetAsync(string sku, decimal? onHand, IReadOnlyList<string>? alternatives, CancellationToken ct)
    {
        if (onHand is null) throw OmnimanException.MissingField("on_hand");
        if (onHand < 0) throw OmnimanException.Invalid("on_hand", "on_hand cannot be negative.");
        foreach (var alternative in alternatives ?? []) SkuRule.Ensure("alternatives", alternative);
        return await ChangeAsync(sku, (level, now) =>
        {
            if (alternatives is not null) level.SetAlternatives(alternatives, now);
            return level.Set(onHand.Value, "set", null, now);
        }, ct);
    }

    public async Task<StockAvailability> AdjustAsync(string sku, decimal? delta, string? reason, CancellationToken ct)
    {
        if (delta is null) throw OmnimanException.MissingField("delta");
        if (string.IsNullOrWhiteSpace(reason)) throw OmnimanException.MissingField("reason");
        Text.EnsureAtMost("reason", reason, StockMovement.MaxReasonLength);
        return await ChangeAsync(sku, (level, now) =>
        {
            if (level.OnHand + delta.Value < 0)
                throw new OmnimanException("validation_error", $"On hand would drop below zero ({level.OnHand} + {delta}).",
                    new { field = "delta", on_hand = level.OnHand });
            return level.Move(delta.Value, reason, null, now);
        }, ct);
    }

    private async Task<StockAvailability> ChangeAsync(string sku, Func<StockLevel, DateTime, StockMovement> change, CancellationToken ct)
    {
        SkuRule.Ensure("sku", sku);
        try
        {
            return await ChangeOnceAsync(sku, change, ct);
        }
        catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex) && db.Database.CurrentTransaction is null)
        {
            // Another request created this SKU's level between our lock (which found none) and our insert:
            // it exists now, so this time the lock finds it and the change waits its turn.
            db.ChangeTracker.Clear();
            return await ChangeOnceAsync(sku, change, ct);
        }
    }

    private async Task<StockAvailability> ChangeOnceAsync(string sku, Func<StockLevel, DateTime, StockMovement> change, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var level = (await dialect.LockStockLevelsAsync(db, [sku], ct)).SingleOrDefault();
        if (level is null)
        {
            level = StockLevel.Create(sku, now);
            db.StockLevels.Add(level);
        }
        db.StockMovements.Add(change(level, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await stock.AvailabilityAsync(sku, ct);
    }
}
