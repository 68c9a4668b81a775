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

    public Task<int> RunAsync(CancellationToken ct) => BatchedDelete.PastRetentionAsync(
        cutoff => db.Directives.Where(d => d.Status == DirectiveStatuses.Done && d.UpdatedAt < cutoff), d => d.Id, clock, options.Value, ct);
}
