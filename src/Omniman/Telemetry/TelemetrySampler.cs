using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Stock;

namespace Omniman.Telemetry;

/// <summary>
/// The gauges read from the database (docs/operations.md, "Traces and metrics"): the directive queue's
/// depth and age by topic, and the stock held. A few grouped queries every
/// <c>Omniman:Telemetry:SampleSeconds</c> (15 by default), the gauges report the last sample; the host
/// runs it only when metrics are exported.
/// </summary>
public sealed class TelemetrySampler : BackgroundService
{
    public const string SampleSecondsKey = "Omniman:Telemetry:SampleSeconds";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<TelemetrySampler> _logger;
    private readonly TimeSpan _every;
    private Sample _last = Sample.None;

    private sealed record Sample(IReadOnlyList<(string Topic, long Count)> Queued, IReadOnlyList<(string Topic, double Seconds)> Ages, double Held)
    {
        public static readonly Sample None = new([], [], 0);
    }

    public TelemetrySampler(IServiceScopeFactory scopes, TimeProvider clock, IMeterFactory meters, IConfiguration configuration,
        ILogger<TelemetrySampler> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue(SampleSecondsKey, 15.0)));
        var meter = meters.Create(OmnimanTelemetry.Name);
        meter.CreateObservableGauge("omniman.directive.queue.depth",
            () => _last.Queued.Select(q => new Measurement<long>(q.Count, Topic(q.Topic))), "{directive}", "Queued directives, due or waiting for a retry.");
        meter.CreateObservableGauge("omniman.directive.queue.age",
            () => _last.Ages.Select(a => new Measurement<double>(a.Seconds, Topic(a.Topic))), "s", "How long the oldest due queued directive has waited.");
        meter.CreateObservableGauge("omniman.stock.held", () => _last.Held, "{unit}", "Units held by active stock holds.");
    }

    private static KeyValuePair<string, object?> Topic(string topic) => new("topic", topic);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _last = await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Could not sample the directive queue and stock held for the metrics");
            }
            try
            {
                await Task.Delay(_every, _clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the queue and the holds once; the gauges report what it read until the next sample.</summary>
    public async Task SampleNowAsync(CancellationToken ct) => _last = await SampleAsync(ct);

    private async Task<Sample> SampleAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        var now = _clock.GetUtcNow().UtcDateTime;
        var queued = db.Directives.AsNoTracking().Where(d => d.Status == DirectiveStatuses.Queued);
        var depth = await queued.GroupBy(d => d.Topic).Select(g => new { Topic = g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var oldest = await queued.Where(d => d.AvailableAt <= now).GroupBy(d => d.Topic)
            .Select(g => new { Topic = g.Key, At = g.Min(d => d.AvailableAt) }).ToListAsync(ct);
        var held = await db.StockHolds.AsNoTracking().Where(h => h.Status == StockHoldStatuses.Active).SumAsync(h => (double)h.Qty, ct);
        return new Sample(
            [.. depth.Select(d => (d.Topic, d.Count))],
            [.. oldest.Select(o => (o.Topic, Math.Max(0, (now - o.At).TotalSeconds)))],
            held);
    }
}
