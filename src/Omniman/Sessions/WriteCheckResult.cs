using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>
/// A check handler's outcome, for the rev it ran against: the contract between a check's module and
/// the kernel. <paramref name="Result"/> is the module's own document (the stock check's holds), passed
/// as it is to the channel's post-commit directives; <paramref name="ExpiresAt"/>, when given, is when the
/// result stops standing (the holds lapse): a commit after it is refused with <c>hold_expired</c> and the
/// check runs again.
/// </summary>
public sealed record CheckOutcome(string Code, int ExpectedRev, string Status, JsonNode? Result, IReadOnlyList<IssueDraft> Issues,
    DateTime? ExpiresAt = null);

/// <summary>
/// Writes a check back onto its session (docs/concepts.md, Checks and issues). Stale-safe: refused, with nothing changed,
/// when the session moved past the rev the check ran for or is no longer open.
/// </summary>
public sealed class WriteCheckResult(OmnimanDb db, IDatabaseDialect dialect, TimeProvider clock)
{
    /// <returns>True when written; false when the check was stale and dropped.</returns>
    public async Task<bool> ExecuteAsync(SessionRef at, CheckOutcome outcome, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var written = await WriteLockedAsync(await at.LockAsync(db, dialect, ct), outcome, ct);
        if (written) await tx.CommitAsync(ct);
        return written;
    }

    /// <summary>For a check handler that already holds the session's lock in the transaction it runs in (and commits it).</summary>
    public async Task<bool> WriteLockedAsync(Session session, CheckOutcome outcome, CancellationToken ct)
    {
        if (!session.WriteCheck(outcome.Code, outcome.ExpectedRev, outcome.Status, outcome.Result, outcome.Issues, clock.GetUtcNow().UtcDateTime,
                outcome.ExpiresAt))
            return false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;   // a modify bumped the rev between our read and write
        }
        return true;
    }
}
