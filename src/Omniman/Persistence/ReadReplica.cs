using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Omniman.Persistence;

/// <summary>
/// Where lists read from (docs/operations.md, "Read replica"): a read replica when one is configured
/// and answering, caught up to within <see cref="MaxLagSeconds"/>; the primary otherwise. A probe
/// asks the replica every <see cref="ProbeSeconds"/>; a read that cannot reach it sends the next
/// reads to the primary at once, until a probe finds it back.
/// </summary>
public sealed class ReadReplica : BackgroundService
{
    public const double ProbeSeconds = 2;
    public const double MaxLagSeconds = 10;

    private readonly PooledDbContextFactory<OmnimanDb> _contexts;
    private readonly ILogger<ReadReplica> _logger;
    private volatile bool _up = true;

    public ReadReplica(IDatabaseProvider replica, IEnumerable<ModuleTables> modules, ILogger<ReadReplica> logger)
    {
        _logger = logger;
        var options = new DbContextOptionsBuilder<OmnimanDb>();
        replica.Configure(options);
        options.UseSnakeCaseNamingConvention().WithModules([.. modules]).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        OmnimanBuilder.QuietFailures(options);
        options.AddInterceptors(new DownOnFailure(this));
        _contexts = new PooledDbContextFactory<OmnimanDb>(options.Options);
    }

    /// <summary>Whether reads go to the replica now.</summary>
    public bool Up => _up;

    /// <summary>A context on the replica; the caller disposes it.</summary>
    public OmnimanDb CreateContext() => _contexts.CreateDbContext();

    private void MarkDown(Exception? cause)
    {
        if (!_up) return;
        _up = false;
        _logger.LogWarning(cause, "The read replica does not answer; lists read from the primary until it does");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(ProbeSeconds));
        do
        {
            await ProbeAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task ProbeAsync(CancellationToken ct)
    {
        try
        {
            await using var db = CreateContext();
            var lag = await db.Database.SqlQueryRaw<double>(db.Database.ProviderName == OmnimanModel.PostgresProvider ? LagSql : "SELECT 0.0 AS \"Value\"").SingleAsync(ct);
            if (lag > MaxLagSeconds)
            {
                if (_up) _logger.LogWarning("The read replica is {Lag:F0} s behind; lists read from the primary until it catches up", lag);
                _up = false;
                return;
            }
            if (!_up) _logger.LogInformation("The read replica answers again; lists read from it");
            _up = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            MarkDown(ex);
        }
    }

    // Caught up when it has replayed all it received; otherwise, how old the last transaction it replayed is.
    // On a server that is no replica both are null: no lag.
    private const string LagSql = """
        SELECT CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0.0
                    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 0.0) END AS "Value"
        """;

    /// <summary>A connection or command that fails on the replica turns reads to the primary at once.</summary>
    private sealed class DownOnFailure(ReadReplica replica) : DbConnectionInterceptor
    {
        public override Task ConnectionFailedAsync(System.Data.Common.DbConnection connection, ConnectionErrorEventData eventData,
            CancellationToken cancellationToken = default)
        {
            replica.MarkDown(eventData.Exception);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// The database a list reads from, for one request: the replica when it is up (<see cref="ReadReplica"/>),
/// else the request's own primary context. Reads by key (a session, an order) never come here: a
/// client that just wrote must see its write.
/// </summary>
public sealed class ListReads(IServiceProvider services, ReadReplica? replica = null) : IAsyncDisposable
{
    private OmnimanDb? _replica;

    public OmnimanDb Db => replica is { Up: true }
        ? _replica ??= replica.CreateContext()
        : services.GetRequiredService<OmnimanDb>();

    public async ValueTask DisposeAsync()
    {
        if (_replica is not null) await _replica.DisposeAsync();
    }
}
