using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Directives;

/// <summary>
/// What a directive concerns, as one text a list can filter by: <c>order:ORD-…</c> or
/// <c>session:&lt;channel&gt;:&lt;key&gt;</c>. A module's own kinds follow the same <c>kind:id</c> form.
/// </summary>
public static class Correlations
{
    /// <summary>The longest correlation; a session's (two 64-character parts) fits.</summary>
    public const int MaxLength = 160;

    public static string Order(string orderRef) => "order:" + orderRef;

    public static string Session(string channelCode, string sessionKey) => $"session:{channelCode}:{sessionKey}";
}

public static class DirectiveStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>
/// A durable side effect (docs/concepts.md, Directives), written in the same transaction as the change that asks for
/// it and run later, at least once, by the handler of its topic.
/// </summary>
public sealed class Directive
{
    public const int MaxTopicLength = 64;

    private Directive() { }

    public long Id { get; private set; }
    public string Topic { get; private set; } = "";
    public string Status { get; private set; } = DirectiveStatuses.Queued;
    public JsonObject Payload { get; private set; } = [];
    public int Attempts { get; private set; }
    public DateTime AvailableAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    /// <summary>The order or session this directive concerns (<see cref="Correlations"/>), for listing a change's side effects.</summary>
    public string? Correlation { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>While running: until when the claiming worker owns it. A lapsed lease means the worker died.</summary>
    public DateTime? LeaseExpiresAt { get; private set; }
    /// <summary>The W3C trace context of the span that wrote it (a request, usually), so its run links back; null when nothing traced.</summary>
    public string? TraceParent { get; private set; }

    /// <summary>A W3C <c>traceparent</c>: version, trace id, span id and flags.</summary>
    public const int TraceParentLength = 55;

    /// <summary>Marks a claimed directive done; the dispatcher saves this with its handler's writes.</summary>
    internal void Complete(DateTime nowUtc)
    {
        Status = DirectiveStatuses.Done;
        LeaseExpiresAt = null;
        LastError = null;
        UpdatedAt = nowUtc;
    }

    /// <summary>A handler's "not now": queued again for <paramref name="atUtc"/>, the reason kept.</summary>
    internal void Reschedule(DateTime atUtc, string? reason, DateTime nowUtc)
    {
        Status = DirectiveStatuses.Queued;
        AvailableAt = atUtc;
        LeaseExpiresAt = null;
        LastError = Truncated(reason);
        UpdatedAt = nowUtc;
    }

    /// <summary>A handler's "not yet, and that was no try": queued again for <paramref name="atUtc"/>, the claim's attempt given back.</summary>
    internal void Defer(DateTime atUtc, string? reason, DateTime nowUtc)
    {
        Reschedule(atUtc, reason, nowUtc);
        Attempts = Math.Max(0, Attempts - 1);
    }

    /// <summary>A handler's "never": failed for good, the reason kept.</summary>
    internal void FailForGood(string? reason, DateTime nowUtc)
    {
        Status = DirectiveStatuses.Failed;
        LeaseExpiresAt = null;
        LastError = Truncated(reason);
        UpdatedAt = nowUtc;
    }

    /// <summary>The longest <see cref="LastError"/> kept.</summary>
    public const int MaxErrorLength = 2000;

    // Counted in code points (Text), so the cut never leaves half a surrogate pair, which Npgsql's strict UTF-8 writer refuses.
    internal static string? Truncated(string? error) => Text.Truncate(error, MaxErrorLength);

    public static Directive Create(string topic, JsonObject payload, DateTime nowUtc, string? correlation = null) => new()
    {
        Topic = topic,
        Correlation = correlation,
        Payload = payload,
        AvailableAt = nowUtc,
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
        TraceParent = Telemetry.OmnimanTelemetry.CurrentTraceParent(),
    };
}
