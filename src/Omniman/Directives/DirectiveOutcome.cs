namespace Omniman.Directives;

public enum DirectiveOutcomeKind
{
    /// <summary>The work is done; the directive is marked done.</summary>
    Done,
    /// <summary>Not now: run again at a time the handler knows (a rate limit's Retry-After, a marketplace's window).</summary>
    Retry,
    /// <summary>Not yet, and nothing was tried (the outside service already has all the work it should get): run again later, no attempt spent.</summary>
    Defer,
    /// <summary>It will never succeed (a declined card, a 4xx that no retry changes): failed for good, no more attempts.</summary>
    Fail,
}

/// <summary>
/// What a handler says of its run, with the reason kept as the directive's <c>last_error</c>.
/// Throwing stays what it was: an unexpected failure, retried with backoff up to the maximum of attempts.
/// </summary>
public sealed record DirectiveOutcome(DirectiveOutcomeKind Kind, string? Reason, DateTime? RetryAtUtc, TimeSpan? RetryAfter)
{
    public static DirectiveOutcome Done { get; } = new(DirectiveOutcomeKind.Done, null, null, null);

    /// <summary>Run again at <paramref name="atUtc"/>; it counts as an attempt, and with none left the directive fails.</summary>
    public static DirectiveOutcome RetryAt(DateTime atUtc, string reason) => new(DirectiveOutcomeKind.Retry, reason, atUtc, null);

    /// <summary>Run again after <paramref name="delay"/> from now; it counts as an attempt, as <see cref="RetryAt"/>.</summary>
    public static DirectiveOutcome RetryAfterDelay(TimeSpan delay, string reason) => new(DirectiveOutcomeKind.Retry, reason, null, delay);

    /// <summary>
    /// Run again after <paramref name="delay"/>, and this run does not count as an attempt: for a handler
    /// that did nothing because its outside service is busy with others of its directives.
    /// </summary>
    public static DirectiveOutcome Defer(TimeSpan delay, string reason) => new(DirectiveOutcomeKind.Defer, reason, null, delay);

    /// <summary>Failed for good: no further attempt, whatever attempts are left. An admin may still run it again.</summary>
    public static DirectiveOutcome Fail(string reason) => new(DirectiveOutcomeKind.Fail, reason, null, null);
}
