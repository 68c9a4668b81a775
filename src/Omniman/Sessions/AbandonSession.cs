using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>Marks an open session abandoned; its data stays for analytics.</summary>
public sealed class AbandonSession(OmnimanDb db, IDatabaseDialect dialect, TimeProvider clock)
{
    public async Task<Session> ExecuteAsync(SessionRef at, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await at.LockAsync(db, dialect, ct);
        session.Abandon(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }
}
