using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omniman.Housekeeping;

/// <summary>Runs every registered housekeeping job once, each in its own scope; one failing job does not stop the others.</summary>
public sealed class HousekeepingRunner(IServiceScopeFactory scopes, ILogger<HousekeepingRunner> logger)
{
    public async Task RunAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var job in scope.ServiceProvider.GetServices<IHousekeepingJob>())
        {
            try
            {
                var changed = await job.RunAsync(ct);
                if (changed > 0) logger.LogInformation("Housekeeping {Job}: {Count} rows", job.Name, changed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Housekeeping job {Job} failed", job.Name);
            }
        }
    }
}
