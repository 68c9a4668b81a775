using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Health;

/// <summary>
/// Ready while the worker keeps up: the oldest due <c>queued</c> directive has waited less than
/// <see cref="HealthOptions.MaxDirectiveLagSeconds"/>. Asked only where this process runs the worker;
/// an API-only process is not held responsible for another process's backlog.
/// </summary>
internal sealed class DirectiveLagReadiness(OmnimanDb db, IEnumerable<IHostedService> hosted, TimeProvider clock, IOptions<HealthOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!hosted.OfType<DirectiveWorker>().Any(w => w.Runs)) return HealthCheckResult.Healthy("No directive worker in this process.");
        var now = clock.GetUtcNow().UtcDateTime;
        // One ordered scan of the partial ix_directives_due (available_at, id) WHERE status = 'queued': the first row answers.
        var oldest = await db.Directives.AsNoTracking()
            .Where(d => d.Status == DirectiveStatuses.Queued && d.AvailableAt <= now)
            .OrderBy(d => d.AvailableAt).ThenBy(d => d.Id)
            .Select(d => (DateTime?)d.AvailableAt)
            .FirstOrDefaultAsync(cancellationToken);
        var lag = oldest is { } at ? now - at : TimeSpan.Zero;
        return lag.TotalSeconds < options.Value.MaxDirectiveLagSeconds
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The oldest due directive has waited {lag.TotalSeconds:F0} s.");
    }
}
