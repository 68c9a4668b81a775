using Microsoft.Extensions.Diagnostics.HealthChecks;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Health;

/// <summary>
/// Ready when the database answers and has every migration, the kernel's and the modules'. Once it
/// had them all it keeps them for this process's life (a new migration comes with a new version of
/// the code), so later probes only check that the database answers.
/// </summary>
internal sealed class DatabaseReadiness(MigrateDatabase migrations, OmnimanDb db, MigratedOnce migrated) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (migrated.Seen)
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        var pending = await migrations.PendingAsync(cancellationToken);
        if (pending.Count > 0) return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending, first {pending[0]}.");
        migrated.Seen = true;
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Whether this process has seen the database fully migrated.</summary>
internal sealed class MigratedOnce
{
    public volatile bool Seen;
}
