using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;
using Omniman.Stock;

namespace Omniman.Housekeeping;

/// <summary>Marks lapsed holds expired. Availability already ignores them; this keeps the table honest.</summary>
public sealed class ExpireStockHolds(OmnimanDb db, TimeProvider clock) : IHousekeepingJob
{
    public string Name => "expire-stock-holds";

    public Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.StockHolds.Where(h => h.Status == StockHoldStatuses.Active && h.ExpiresAt != null && h.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, StockHoldStatuses.Expired).SetProperty(h => h.UpdatedAt, now), ct);
    }
}
