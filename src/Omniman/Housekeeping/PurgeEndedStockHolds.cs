using Microsoft.Extensions.Options;
using Omniman.Persistence;
using Omniman.Stock;

namespace Omniman.Housekeeping;

/// <summary>
/// Deletes stock holds that ended (released, expired or fulfilled) longer ago than the retention:
/// every check of a basket replaces its holds, so they pile up. No audit trail is lost: what a
/// fulfilled hold took off the shelf is a stock movement, which stays.
/// </summary>
public sealed class PurgeEndedStockHolds(OmnimanDb db, TimeProvider clock, IOptions<RetentionOptions> options) : IHousekeepingJob
{
    public string Name => "purge-ended-stock-holds";

    public Task<int> RunAsync(CancellationToken ct) => BatchedDelete.PastRetentionAsync(
        cutoff => db.StockHolds.Where(h => h.Status != StockHoldStatuses.Active && h.UpdatedAt < cutoff), h => h.Id, clock, options.Value, ct);
}
