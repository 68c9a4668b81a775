using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Omniman.Telemetry;

/// <summary>
/// The kernel's own traces and metrics (docs/operations.md, "Traces and metrics"). Instruments cost
/// next to nothing while no listener is attached, which is the default: the host attaches
/// OpenTelemetry only when an exporter is configured.
/// </summary>
public static class OmnimanTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Omniman";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    // Latencies of work done in a request, in seconds, bucketed as ASP.NET Core buckets its request durations.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    // Latencies of work done by the worker, which waits on outside services and retries: up to hours.
    private static readonly InstrumentAdvice<double> LongSeconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    };

    /// <summary>A modify's time in the kernel (read, apply, save), by channel.</summary>
    public static readonly Histogram<double> ModifyDuration = Meter.CreateHistogram("omniman.session.modify.duration", "s",
        "Time a session modify took in the kernel.", advice: Seconds);

    /// <summary>A commit's time in the kernel, by channel and outcome.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram("omniman.session.commit.duration", "s",
        "Time a session commit took in the kernel.", advice: Seconds);

    /// <summary>From the modify that asked for a check to its directive done, by check.</summary>
    public static readonly Histogram<double> CheckLanded = Meter.CreateHistogram("omniman.check.landed", "s",
        "Time from the modify that asked for a check to the check's result written.", advice: LongSeconds);

    /// <summary>One handler run, by topic and outcome (done, retry, defer, failed, error).</summary>
    public static readonly Histogram<double> DirectiveDuration = Meter.CreateHistogram("omniman.directive.duration", "s",
        "Time one run of a directive's handler took.", advice: LongSeconds);

    /// <summary>Directives that failed for good (no attempts left, or a handler's "never"), by topic.</summary>
    public static readonly Counter<long> DirectivesFailed = Meter.CreateCounter<long>("omniman.directive.failed", "{directive}",
        "Directives that failed for good.");

    /// <summary>
    /// Runs a kernel operation and records its time in <paramref name="histogram"/>, tagged with its
    /// outcome: <c>ok</c>, the error code it was refused with, or <c>error</c>.
    /// </summary>
    public static async Task<T> TimeAsync<T>(Histogram<double> histogram, Func<Task<T>> operation)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await operation();
            outcome = "ok";
            return result;
        }
        catch (Common.OmnimanException ex)
        {
            outcome = ex.Code;
            throw;
        }
        finally
        {
            histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>The W3C trace context of the current span, to be stored with what it causes later; null when nothing traces.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : null;

    /// <summary>
    /// The span of one directive run: a consumer span of its own trace, linked to the span that
    /// enqueued it (a request, usually) when one was recorded.
    /// </summary>
    public static Activity? StartDirective(string topic, long id, int attempt, string? correlation, string? traceParent)
    {
        if (!Source.HasListeners()) return null;
        ActivityLink[]? links = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent) ? [new ActivityLink(parent)] : null;
        var activity = Source.StartActivity($"directive {topic}", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("omniman.directive.topic", topic);
        activity?.SetTag("omniman.directive.id", id);
        activity?.SetTag("omniman.directive.attempt", attempt);
        if (correlation is not null) activity?.SetTag("omniman.correlation", correlation);
        return activity;
    }
}
