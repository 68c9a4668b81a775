using System.Collections.Concurrent;
using HdrHistogram;

namespace Omniman.Load;

/// <summary>Latency histograms (microseconds) and error counts per endpoint; recording can be switched off for warm-up.</summary>
internal sealed class Recorder
{
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new();

    /// <summary>Ten minutes: a webhook delivery behind a backlog can wait far longer than any request.</summary>
    private const long MaxMicros = 600_000_000;

    public bool Enabled { get; set; }

    public void Record(string endpoint, long micros, int status)
    {
        if (!Enabled) return;
        var e = _endpoints.GetOrAdd(endpoint, _ => new Endpoint());
        lock (e)
        {
            e.Histogram.RecordValue(Math.Clamp(micros, 1, MaxMicros));
            if (status is < 200 or >= 300) e.Errors.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
    }

    /// <summary>A named measurement that is not an HTTP call (e.g. modify-to-check-landed).</summary>
    public void RecordSpan(string name, long micros) => Record(name, micros, 200);

    public IReadOnlyDictionary<string, Endpoint> Endpoints => _endpoints;

    internal sealed class Endpoint
    {
        public LongHistogram Histogram { get; } = new(MaxMicros, 3);
        public ConcurrentDictionary<int, long> Errors { get; } = new();
    }
}
