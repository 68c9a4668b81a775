using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Housekeeping;

/// <summary>
/// Deletes directives done longer ago than the retention (<c>Omniman:Retention:Days</c>): one row
/// is written per modify, and a done one is no use after a while. Failed ones stay for an operator.
/// </summary>
public sealed class PurgeDoneDirectives(OmnimanDb db, TimeProvider clock, IOptions<RetentionOptions> options) : IHousekeepingJob
{
    public string Name => "purge-done-directives";

    public Task<int> RunAsync(CancellationToken ct)
    {
        if (options.Value.Days <= 0) return Task.FromResult(0);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.Days);
        return BatchedDelete.RunAsync(db.Directives.Where(d => d.Status == DirectiveStatuses.Done && d.UpdatedAt < cutoff), d => d.Id, options.Value, ct);
    }
}
