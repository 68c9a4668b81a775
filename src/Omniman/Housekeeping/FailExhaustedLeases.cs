using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Housekeeping;

/// <summary>
/// Directives whose worker died mid-run are claimed again by the next pass while attempts remain;
/// those that died on their last attempt are marked failed here, so none stays running forever.
/// </summary>
public sealed class FailExhaustedLeases(OmnimanDb db, TimeProvider clock, IOptions<DirectiveOptions> options) : IHousekeepingJob
{
    public string Name => "fail-exhausted-leases";

    public Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var max = options.Value.MaxAttempts;
        return db.Directives
            .Where(d => d.Status == DirectiveStatuses.Running && d.LeaseExpiresAt <= now && d.Attempts >= max)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DirectiveStatuses.Failed)
                .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(d => d.LastError, "The worker running the last attempt stopped before finishing (lease expired).")
                .SetProperty(d => d.UpdatedAt, now), ct);
    }
}
