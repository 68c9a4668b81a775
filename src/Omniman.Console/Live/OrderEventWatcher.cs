using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Live;

/// <summary>
/// Finds order changes for the live boards by reading the order event log, while a board is open.
/// Every creation, move and note writes an event, whichever process made it (an API process, a
/// worker applying a marketplace's status, another console), so one short query per interval in
/// each process that serves boards sees them all; an order hook would only see its own process.
/// <para>
/// Event ids are handed out before their transactions commit, so a lower id can appear after a
/// higher one. An id skipped over is remembered for <see cref="GapSeconds"/> and looked for again
/// (its transaction may still commit); after that it is taken for a rollback or a sequence gap.
/// </para>
/// </summary>
internal sealed class OrderEventWatcher(IServiceScopeFactory scopes, OrderFeed feed, IOptions<ConsoleOptions> options,
    ILogger<OrderEventWatcher> logger) : BackgroundService
{
    private const int GapSeconds = 10;
    private const int MaxGaps = 1000;
    private const int Batch = 500;

    private long? _seen;
    private readonly Dictionary<long, DateTime> _gaps = [];
    private readonly SemaphoreSlim _polling = new(1, 1);

    /// <summary>
    /// Called by a board as it subscribes, before it tells the browser it is live: the watcher marks
    /// the end of the log now, so an order committed right after is a change, not part of the past.
    /// </summary>
    public async Task StartWatchingAsync(CancellationToken ct)
    {
        await _polling.WaitAsync(ct);
        try
        {
            if (_seen is null) await PollAsync(ct);
        }
        finally
        {
            _polling.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.LivePollMilliseconds));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await _polling.WaitAsync(stoppingToken);
                try
                {
                    if (feed.HasBoards) await PollAsync(stoppingToken);
                    else _seen = null;   // nobody watches: start from the end of the log when a board opens
                }
                finally
                {
                    _polling.Release();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The console's live feed could not read order events; trying again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        if (_seen is not { } seen)
        {
            _seen = await db.OrderEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            _gaps.Clear();
            return;
        }
        var now = DateTime.UtcNow;
        foreach (var old in _gaps.Where(g => (now - g.Value).TotalSeconds > GapSeconds).Select(g => g.Key).ToList()) _gaps.Remove(old);
        var floor = _gaps.Count > 0 ? Math.Min(_gaps.Keys.Min() - 1, seen) : seen;
        var rows = await db.OrderEvents.AsNoTracking()
            .Where(e => e.Id > floor)
            .OrderBy(e => e.Id)
            .Take(Batch)
            .Join(db.Orders, e => e.OrderId, o => o.Id, (e, o) => new { e.Id, o.Ref, o.ChannelCode, o.Status })
            .ToListAsync(ct);
        var changed = new Dictionary<string, OrderChange>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Id <= seen && !_gaps.Remove(row.Id)) continue;
            for (var missing = seen + 1; missing < row.Id && _gaps.Count < MaxGaps; missing++) _gaps.TryAdd(missing, now);
            seen = Math.Max(seen, row.Id);
            changed[row.Ref] = new OrderChange(row.Ref, row.ChannelCode, row.Status);
        }
        _seen = seen;
        foreach (var change in changed.Values) feed.Publish(change);
    }
}
