using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Persistence;
using Omniman.Telemetry;

namespace Omniman.Directives;

/// <summary>Which directives a pass may take: some topics only, and how many at most.</summary>
public sealed record DispatchFilter(IReadOnlyCollection<string>? Topics = null, int? Limit = null);

/// <summary>
/// One pass over due directives: claim a batch under a lease, run each with its topic's handler,
/// then record done, a retry with backoff, or failure. The worker loops over this; tests and
/// <c>process-directives</c> call it directly.
/// </summary>
public sealed class DirectiveDispatcher(IServiceScopeFactory scopes, DirectiveHandlers handlers, IDatabaseDialect dialect,
    TimeProvider clock, IOptions<DirectiveOptions> options, ILogger<DirectiveDispatcher> logger)
{
    /// <returns>How many directives this pass claimed.</returns>
    public async Task<int> DispatchDueAsync(DispatchFilter? filter = null, CancellationToken ct = default)
    {
        var claimed = await ClaimAsync(filter, ct);
        // Each directive runs in its own scope; a few at once, so one slow handler does not hold up the batch.
        // Not cancelled by ct itself: every claimed directive goes through RunAsync, which releases the ones
        // not started once ct fires, so none is left running.
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency) },
            async (directive, _) => await RunAsync(directive, ct, ct));
        return claimed.Count;
    }

    /// <summary>
    /// One of the worker's lanes: claims up to <paramref name="limit"/> and runs them in turn. The
    /// worker keeps several lanes going, so a slow directive holds up its own lane only, where a
    /// whole pass would wait for its slowest directive before claiming again.
    /// </summary>
    /// <param name="limit">The most this lane claims at once.</param>
    /// <param name="stopping">Fires when the host begins to stop: directives claimed but not started are released.</param>
    /// <param name="abort">Fires when the shutdown window is over: a handler still running is cancelled.</param>
    /// <param name="topics">The topics this lane takes (the outbound ones, or the others); all when null.</param>
    /// <returns>How many directives this lane claimed.</returns>
    public async Task<int> DispatchInTurnAsync(int limit, CancellationToken stopping, CancellationToken abort, IReadOnlyCollection<string>? topics = null)
    {
        var claimed = await ClaimAsync(new DispatchFilter(topics, limit), stopping);
        foreach (var directive in claimed) await RunAsync(directive, stopping, abort);
        return claimed.Count;
    }

    private async Task<List<Directive>> ClaimAsync(DispatchFilter? filter, CancellationToken ct)
    {
        var topics = filter?.Topics is { } only ? handlers.Topics.Intersect(only, StringComparer.Ordinal).ToList() : [.. handlers.Topics];
        if (topics.Count == 0) return [];
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        var claimed = await dialect.ClaimDirectivesAsync(db, topics,
            new DirectiveClaim(now, now.AddSeconds(o.LeaseSeconds), Math.Min(filter?.Limit ?? o.BatchSize, o.BatchSize), o.MaxAttempts), ct);
        // An UPDATE returns its rows in no set order: run them oldest first.
        claimed.Sort(static (a, b) => a.AvailableAt != b.AvailableAt ? a.AvailableAt.CompareTo(b.AvailableAt) : a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <summary>
    /// Runs one claimed directive, unless the host is stopping: then it goes back to the queue with its
    /// attempt returned, so the next worker takes it at once instead of waiting out the lease
    /// (docs/operations.md, "Shutdown").
    /// </summary>
    private async Task RunAsync(Directive directive, CancellationToken stopping, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        if (stopping.IsCancellationRequested)
        {
            await ReleaseAsync(db, directive, ran: false);
            return;
        }
        using var activity = OmnimanTelemetry.StartDirective(directive.Topic, directive.Id, directive.Attempts, directive.Correlation, directive.TraceParent);
        var started = Stopwatch.GetTimestamp();
        var result = RunResult.Error;
        try
        {
            // A handler in the transaction: the directive is done only if it commits. The done mark
            // goes out with the handler's first save (or the one below, when the handler wrote
            // nothing), so a throw or a crash rolls back both and the directive runs again, which
            // handlers tolerate (they are idempotent). A handler outside it is marked done once it
            // returned; a crash between the two runs it again. The attempt count fences the mark:
            // if our lease lapsed and another worker took over, no row matches, and in the
            // transaction this attempt's writes roll back.
            // The outcome the handler answers (retry later, failed for good) replaces the staged done
            // mark before the same save, so the handler's writes and its outcome commit together.
            var registration = handlers.For(directive.Topic)!;
            await using var tx = registration.RunsInTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
            if (tx is not null) db.Directives.Attach(directive).Entity.Complete(clock.GetUtcNow().UtcDateTime);
            var outcome = await ((IDirectiveHandler)scope.ServiceProvider.GetRequiredService(registration.HandlerType)).HandleAsync(directive, ct);
            if (tx is null) db.Directives.Attach(directive);
            result = Record(directive, outcome);
            // The handler's work is done: record it even while the host shuts down.
            await db.SaveChangesAsync(CancellationToken.None);
            if (tx is not null) await tx.CommitAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException ex) when (ex.Entries.Any(e => ReferenceEquals(e.Entity, directive)))
        {
            logger.LogWarning("Directive {Id} ({Topic}) attempt {Attempt} lost its lease to another worker before it was marked done",
                directive.Id, directive.Topic, directive.Attempts);
            result = RunResult.LostLease;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The shutdown window closed mid-run: its transaction rolled back; the attempt ran, so it counts.
            await ReleaseAsync(db, directive, ran: true);
            result = RunResult.Released;
        }
        catch (Exception ex)
        {
            result = await FailAsync(db, directive, ex) ? RunResult.Failed : RunResult.Error;
            activity?.AddException(ex);
        }
        finally
        {
            Observe(directive, result, Stopwatch.GetElapsedTime(started), activity);
        }
    }

    /// <summary>How one run ended, as metrics and spans name it.</summary>
    private static class RunResult
    {
        public const string Done = "done";
        public const string Retry = "retry";
        public const string Defer = "defer";
        public const string Failed = "failed";
        public const string Error = "error";
        public const string LostLease = "lost_lease";
        public const string Released = "released";
    }

    /// <summary>The run's span outcome and its metrics (docs/operations.md, "Traces and metrics").</summary>
    private void Observe(Directive directive, string result, TimeSpan elapsed, Activity? activity)
    {
        var topic = new KeyValuePair<string, object?>("topic", directive.Topic);
        OmnimanTelemetry.DirectiveDuration.Record(elapsed.TotalSeconds, topic, new("outcome", result));
        if (result == RunResult.Failed) OmnimanTelemetry.DirectivesFailed.Add(1, topic);
        if (result == RunResult.Done && CheckDirectives.CheckCode(directive) is { } check)
            OmnimanTelemetry.CheckLanded.Record((clock.GetUtcNow().UtcDateTime - directive.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("check", check));
        if (activity is null) return;
        activity.SetTag("omniman.directive.outcome", result);
        if (result is RunResult.Failed or RunResult.Error) activity.SetStatus(ActivityStatusCode.Error, directive.LastError);
    }

    /// <summary>
    /// Gives a claimed directive back to the queue, due as it was, its lease cleared. An attempt that
    /// never ran is not counted against it. Fenced by the attempt count like every write to a claim.
    /// </summary>
    private async Task ReleaseAsync(OmnimanDb db, Directive directive, bool ran)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = ran ? directive.Attempts : directive.Attempts - 1;
        // The host is stopping: this write must go out regardless.
        var released = await db.Directives
            .Where(d => d.Id == directive.Id && d.Status == DirectiveStatuses.Running && d.Attempts == directive.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DirectiveStatuses.Queued)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, now), CancellationToken.None);
        if (released > 0)
            logger.LogInformation("Directive {Id} ({Topic}) attempt {Attempt} released on shutdown{Ran}", directive.Id, directive.Topic,
                directive.Attempts, ran ? " after its handler was cancelled" : " before it ran");
    }

    /// <summary>Applies a handler's outcome to the claimed directive; the caller saves it, fenced by the attempt count.</summary>
    private string Record(Directive directive, DirectiveOutcome outcome)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        switch (outcome.Kind)
        {
            case DirectiveOutcomeKind.Retry when directive.Attempts < options.Value.MaxAttempts:
                var at = outcome.RetryAtUtc ?? now + (outcome.RetryAfter ?? TimeSpan.Zero);
                logger.LogInformation("Directive {Id} ({Topic}) attempt {Attempt} asks to run again at {At:o}: {Reason}",
                    directive.Id, directive.Topic, directive.Attempts, at, outcome.Reason);
                directive.Reschedule(at < now ? now : at, outcome.Reason, now);
                return RunResult.Retry;
            case DirectiveOutcomeKind.Retry:
                logger.LogWarning("Directive {Id} ({Topic}) attempt {Attempt} asks to run again, with no attempts left: {Reason}",
                    directive.Id, directive.Topic, directive.Attempts, outcome.Reason);
                directive.FailForGood($"{outcome.Reason} (no attempts left)", now);
                return RunResult.Failed;
            case DirectiveOutcomeKind.Defer:
                directive.Defer(now + (outcome.RetryAfter ?? TimeSpan.Zero), outcome.Reason, now);
                return RunResult.Defer;
            case DirectiveOutcomeKind.Fail:
                logger.LogWarning("Directive {Id} ({Topic}) attempt {Attempt} failed for good: {Reason}",
                    directive.Id, directive.Topic, directive.Attempts, outcome.Reason);
                directive.FailForGood(outcome.Reason, now);
                return RunResult.Failed;
            default:
                directive.Complete(now);
                return RunResult.Done;
        }
    }

    /// <returns>True when no attempts are left and the directive failed for good.</returns>
    private async Task<bool> FailAsync(OmnimanDb db, Directive directive, Exception ex)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var error = Directive.Truncated($"{ex.GetType().Name}: {ex.Message}");
        var exhausted = directive.Attempts >= o.MaxAttempts;
        logger.LogWarning(ex, "Directive {Id} ({Topic}) attempt {Attempt} failed{Final}", directive.Id, directive.Topic,
            directive.Attempts, exhausted ? "; no attempts left" : "");
        var retryAt = now + Backoff(directive.Attempts, o);
        // Still ours only while running under this attempt's claim.
        await db.Directives.Where(d => d.Id == directive.Id && d.Status == DirectiveStatuses.Running && d.Attempts == directive.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, exhausted ? DirectiveStatuses.Failed : DirectiveStatuses.Queued)
                .SetProperty(d => d.AvailableAt, exhausted ? directive.AvailableAt : retryAt)
                .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.UpdatedAt, now), CancellationToken.None);
        return exhausted;
    }

    /// <summary>Exponential backoff with ±20% jitter, so retries of a burst do not land together.</summary>
    public static TimeSpan Backoff(int attempt, DirectiveOptions o)
    {
        var exponential = Math.Min(o.MaxBackoffSeconds, o.BaseBackoffSeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
#pragma warning disable CA5394 // jitter needs no cryptographic randomness
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return TimeSpan.FromSeconds(exponential * jitter);
    }
}
