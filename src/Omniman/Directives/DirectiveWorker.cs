using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Housekeeping;
using Omniman.Persistence;

namespace Omniman.Directives;

/// <summary>
/// Keeps <see cref="DirectiveOptions.Concurrency"/> lanes draining due directives, each claiming its
/// share of a batch at a time; an idle lane sleeps until woken or the poll interval passes. The
/// wake-up comes from this process's commits and, on PostgreSQL, from a listener that hears any
/// process's NOTIFY. The housekeeping jobs run beside the lanes on their own schedule.
/// </summary>
public sealed class DirectiveWorker(DirectiveDispatcher dispatcher, DirectiveHandlers handlers, DirectiveSignal signal, IDatabaseDialect dialect,
    IServiceScopeFactory scopes, HousekeepingRunner housekeeping, TimeProvider clock, IOptions<DirectiveOptions> options,
    IOptions<WorkerOptions> worker, ILogger<DirectiveWorker> logger) : BackgroundService
{
    /// <summary>Fires when the host's shutdown window is over; until then a running handler may finish.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Whether this process runs directives: the readiness check only asks about lag where one does.</summary>
    public bool Runs => worker.Value.Enabled;

    /// <summary>
    /// The host stops us with a token that fires when its shutdown timeout is over: the stopping token
    /// (fired at once) stops claiming and releases claimed directives not started; handlers already
    /// running keep going until that token (docs/operations.md, "Shutdown").
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var window = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken);
        // The window closed with handlers cancelled but not yet released; those releases are quick
        // writes, and without them the directives would wait out their leases.
        if (ExecuteTask is { IsCompleted: false } running)
            await running.WaitAsync(ReleaseGrace, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>How long a stop waits, after the shutdown window, for cancelled directives to be released.</summary>
    private static readonly TimeSpan ReleaseGrace = TimeSpan.FromSeconds(5);

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Value.Enabled)
        {
            logger.LogInformation("Directive worker is off in this process (Omniman:Worker:Enabled=false).");
            return;
        }
        var o = options.Value;
        var listening = await ListenAsync(stoppingToken);
        var lanes = Math.Max(1, o.Concurrency);
        var share = Math.Max(1, o.BatchSize / lanes);
        // Directives that wait on outside services run in lanes of their own, one at a time each: a
        // receiver that takes seconds to answer holds up its own lanes, never the checks and commits.
        var inside = handlers.TopicsOf(outbound: false);
        var outbound = handlers.TopicsOf(outbound: true);
        var outboundLanes = outbound.Count == 0 ? 0 : Math.Max(1, o.OutboundConcurrency);
        await Task.WhenAll([
            .. Enumerable.Range(0, lanes).Select(_ => LaneAsync(share, inside, stoppingToken)),
            .. Enumerable.Range(0, outboundLanes).Select(_ => LaneAsync(1, outbound, stoppingToken)),
            HousekeepingAsync(stoppingToken)]);
        await listening;
    }

    private async Task LaneAsync(int share, IReadOnlyCollection<string> topics, CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        await RetryingAsync(async () =>
        {
            if (await dispatcher.DispatchInTurnAsync(share, stoppingToken, _abort.Token, topics) < share) await signal.WaitAsync(poll, stoppingToken);
        }, "Directive worker pass", stoppingToken);
    }

    private Task HousekeepingAsync(CancellationToken stoppingToken) => RetryingAsync(async () =>
    {
        await housekeeping.RunAllAsync(stoppingToken);
        await Task.Delay(TimeSpan.FromSeconds(options.Value.HousekeepingSeconds), clock, stoppingToken);
    }, "Housekeeping", stoppingToken);

    /// <summary>Repeats one step until the host stops; a database hiccup is logged and retried shortly, never fatal.</summary>
    private async Task RetryingAsync(Func<Task> step, string what, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogError(ex, "{What} failed; retrying", what);
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
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
