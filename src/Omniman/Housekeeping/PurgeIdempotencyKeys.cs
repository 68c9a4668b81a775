using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Housekeeping;

/// <summary>Deletes idempotency keys past their TTL (<c>IdempotencyKeyTtlHours</c>).</summary>
public sealed class PurgeIdempotencyKeys(OmnimanDb db, TimeProvider clock) : IHousekeepingJob
{
    public string Name => "purge-idempotency-keys";

    public Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.IdempotencyKeys.Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}
