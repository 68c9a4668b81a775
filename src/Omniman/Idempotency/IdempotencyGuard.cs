using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Idempotency;

/// <summary>What a claim on a key found: a stored response to replay, or the record this attempt now owns.</summary>
public sealed record IdempotencyClaim(IdempotencyRecord? Owned, int? ReplayStatus, string? ReplayBody);

/// <summary>
/// The idempotency table of spec §4. A claim is an insert that the unique index arbitrates, made
/// and committed before the commit's own transaction, so a concurrent attempt sees it at once.
/// </summary>
public sealed class IdempotencyGuard(OmnimanDb db, IDatabaseDialect dialect, TimeProvider clock, IOptions<OmnimanOptions> options)
{
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string sessionKey, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var existing = await db.IdempotencyKeys.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
            if (existing is null)
            {
                var record = IdempotencyRecord.Claim(scope, key, sessionKey, now.AddSeconds(options.Value.IdempotencyLeaseSeconds),
                    now.AddHours(options.Value.IdempotencyKeyTtlHours), now);
                db.IdempotencyKeys.Add(record);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return new(record, null, null);
                }
                catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
                {
                    db.Entry(record).State = EntityState.Detached;   // someone else claimed it first: look again
                    continue;
                }
            }
            if (existing.ExpiresAt <= now)
            {
                await db.IdempotencyKeys.Where(r => r.Id == existing.Id && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
                continue;
            }
            if (existing.SessionKey != sessionKey)
                throw new OmnimanException("idempotency_key_reused", "This idempotency key was used for another session.",
                    new { idempotency_key = key, session_key = existing.SessionKey });
            if (existing.State == IdempotencyStates.Succeeded)
                return new(null, existing.ResponseStatus, existing.ResponseBody);
            if (existing.State == IdempotencyStates.InProgress && existing.LockedUntil > now)
                throw new OmnimanException("in_progress", "A commit with this idempotency key is still running.", new { idempotency_key = key });
            // Failed, or abandoned mid-way longer than the lease ago: this attempt takes it over,
            // if no other retry took it over first.
            var lockedUntil = now.AddSeconds(options.Value.IdempotencyLeaseSeconds);
            var taken = await db.IdempotencyKeys
                .Where(r => r.Id == existing.Id && r.State == existing.State && r.LockedUntil == existing.LockedUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, IdempotencyStates.InProgress).SetProperty(r => r.LockedUntil, lockedUntil), ct);
            if (taken == 1)
            {
                var owned = await db.IdempotencyKeys.FirstAsync(r => r.Id == existing.Id, ct);
                return new(owned, null, null);
            }
        }
        throw new OmnimanException("in_progress", "A commit with this idempotency key is still running.", new { idempotency_key = key });
    }

    /// <summary>
    /// Lets a later attempt with the same key start afresh. Runs even when the request was cancelled:
    /// a key left in progress would block retries until its lease ran out.
    /// </summary>
    public Task ReleaseAsync(IdempotencyRecord record) =>
        db.IdempotencyKeys.Where(r => r.Id == record.Id && r.State == IdempotencyStates.InProgress)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, IdempotencyStates.Failed), CancellationToken.None);
}
