using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>Marks an open session abandoned and lets hooks release what it held; its data stays for analytics.</summary>
public sealed class AbandonSession(OmnimanDb db, IDatabaseDialect dialect, TimeProvider clock, IEnumerable<ISessionHook> hooks)
{
    /// <param name="at">The session.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="idleSince">For the idle-session job: only abandon if untouched since this moment.</param>
    public async Task<Session> ExecuteAsync(SessionRef at, CancellationToken ct, DateTime? idleSince = null)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var session = await at.LockAsync(db, dialect, ct);
        if (idleSince is { } cutoff && session.UpdatedAt >= cutoff)
            throw new OmnimanException("not_idle", $"Session '{session.SessionKey}' was used since {cutoff:O}.");
        session.Abandon(clock.GetUtcNow().UtcDateTime);
        foreach (var hook in hooks) await hook.OnAbandoningAsync(session, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }
}
