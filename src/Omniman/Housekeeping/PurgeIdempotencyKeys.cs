using Microsoft.Extensions.Options;
using Omniman.Persistence;

namespace Omniman.Housekeeping;

/// <summary>Deletes idempotency keys past their TTL (<c>IdempotencyKeyTtlHours</c>), in batches.</summary>
public sealed class PurgeIdempotencyKeys(OmnimanDb db, TimeProvider clock, IOptions<RetentionOptions> options) : IHousekeepingJob
{
    public string Name => "purge-idempotency-keys";

    public Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return BatchedDelete.RunAsync(db.IdempotencyKeys.Where(k => k.ExpiresAt <= now), k => k.Id, options.Value, ct);
    }
}
