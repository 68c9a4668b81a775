using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;
using Omniman.Stock;

namespace Omniman.OperatorConsole.Pages.Stock;

/// <summary>One SKU's level as the stock page lists it: on hand, held by open baskets, and what is left to sell.</summary>
public sealed record StockRow(string Sku, decimal OnHand, decimal Held, DateTime UpdatedAt)
{
    public decimal Available => OnHand - Held;

    /// <summary>
    /// The built-in stock's levels matching <paramref name="search"/>, with their holds read in one
    /// query for the whole page rather than one availability call per SKU. A hold counts as
    /// <see cref="StockHold.Counts"/> says: active and unexpired, or pinned by a commit (no expiry).
    /// </summary>
    public static async Task<IReadOnlyList<StockRow>> ListAsync(OmnimanDb db, string? search, int limit, DateTime nowUtc, CancellationToken ct)
    {
        var levels = db.StockLevels.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) levels = levels.Where(l => l.Sku.Contains(search.Trim()));
        var page = await levels.OrderBy(l => l.Sku).Take(limit).Select(l => new { l.Sku, l.OnHand, l.UpdatedAt }).ToListAsync(ct);
        var skus = page.Select(l => l.Sku).ToList();
        // Summed here, not in SQL: SQLite keeps decimals as text and cannot add them exactly.
        var holds = await db.StockHolds.AsNoTracking()
            .Where(h => skus.Contains(h.Sku) && h.Status == StockHoldStatuses.Active && (h.ExpiresAt == null || h.ExpiresAt > nowUtc))
            .Select(h => new { h.Sku, h.Qty }).ToListAsync(ct);
        var held = holds.ToLookup(h => h.Sku, h => h.Qty, StringComparer.Ordinal);
        return [.. page.Select(l => new StockRow(l.Sku, l.OnHand, held[l.Sku].Sum(), l.UpdatedAt))];
    }
}
