namespace Omniman.Directives;

/// <summary>
/// Runs the directives of one topic. Delivery is at least once: a handler may see the same
/// directive again after a crash or a lapsed lease, so a rerun must change nothing twice.
/// Throwing fails the attempt; it is retried with backoff up to the maximum of attempts.
/// </summary>
public interface IDirectiveHandler
{
    /// <summary>The topic this handler serves, known without building the handler.</summary>
    static abstract string Topic { get; }

    Task HandleAsync(Directive directive, CancellationToken ct);
}
