using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Housekeeping;
using Omniman.Persistence;

namespace Omniman.Directives;

/// <summary>
/// A thin loop: dispatch due directives until none are left, then sleep until woken or the poll
/// interval passes; run the housekeeping jobs on their own schedule. The wake-up comes from this
/// process's commits and, on PostgreSQL, from a listener that hears any process's NOTIFY.
/// </summary>
public sealed class DirectiveWorker(DirectiveDispatcher dispatcher, DirectiveSignal signal, IDatabaseDialect dialect,
    IServiceScopeFactory scopes, HousekeepingRunner housekeeping, TimeProvider clock, IOptions<DirectiveOptions> options,
    IOptions<WorkerOptions> worker, ILogger<DirectiveWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Value.Enabled)
        {
            logger.LogInformation("Directive worker is off in this process (Omniman:Worker:Enabled=false).");
            return;
        }
        var o = options.Value;
        var listening = await ListenAsync(stoppingToken);
        var nextHousekeeping = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextHousekeeping)
                {
                    await housekeeping.RunAllAsync(stoppingToken);
                    nextHousekeeping = clock.GetUtcNow().AddSeconds(o.HousekeepingSeconds);
                }
                if (await dispatcher.DispatchDueAsync(null, stoppingToken) >= o.BatchSize) continue;
                await signal.WaitAsync(TimeSpan.FromSeconds(o.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The database hiccuped: keep the worker alive and try again shortly.
                logger.LogError(ex, "Directive worker pass failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(o.PollSeconds), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await listening;
    }

    /// <summary>Where the database can tell other processes' writes (PostgreSQL), they wake this worker too.</summary>
    private async Task<Task> ListenAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<OmnimanDb>().Database.GetConnectionString();
        return connection is not null && dialect.CreateDirectiveListener(connection) is { } listener
            ? listener.ListenAsync(signal.Wake, stoppingToken)
            : Task.CompletedTask;
    }
}
