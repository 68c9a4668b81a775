namespace Omniman.Directives;

/// <summary>
/// Runs the directives of one topic. Delivery is at least once: a handler may see the same
/// directive again after a crash or a lapsed lease, so a rerun must change nothing twice.
/// A handler answers with a <see cref="DirectiveOutcome"/>: done, retry at a time it names, or
/// failed for good, with a reason. Throwing fails the attempt; it is retried with backoff up to
/// the maximum of attempts.
/// <para>
/// By default the handler runs inside the dispatcher's transaction on its scope's
/// <c>OmnimanDb</c>: what it saves, or leaves staged on that context, commits together with the
/// directive's done mark, or not at all. It begins no transaction of its own and does not clear
/// the change tracker. The kernel operations it may call join that transaction: order
/// transitions, check results, abandoning a session, resolving an issue, stock changes. Modifying
/// and committing a session retry in transactions of their own, so a handler that calls them
/// sets <see cref="RunsInTransaction"/> to false.
/// </para>
/// </summary>
public interface IDirectiveHandler
{
    /// <summary>The topic this handler serves, known without building the handler.</summary>
    static abstract string Topic { get; }

    /// <summary>
    /// False for a handler that waits on an outside service: no transaction is held open across
    /// its call; it owns its own transactions, and the directive is marked done after it returns.
    /// </summary>
    static virtual bool RunsInTransaction => true;

    /// <summary>
    /// True for a handler that waits on a service outside Omniman that may be slow or down (a webhook
    /// receiver, a mail server): its directives run in lanes of their own
    /// (<see cref="DirectiveOptions.OutboundConcurrency"/>), so a slow receiver holds up those lanes,
    /// never the stock checks and commits.
    /// </summary>
    static virtual bool Outbound => false;

    /// <summary>
    /// Runs the directive. In the transaction, what the handler saved commits with whatever outcome
    /// it answers: a declined payment's event stays with its <see cref="DirectiveOutcome.Fail"/>.
    /// </summary>
    Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct);
}
