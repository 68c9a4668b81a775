using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Idempotency;

/// <summary>What a claim on a key found: a stored response to replay, or the record this attempt now owns.</summary>
public sealed record IdempotencyClaim(IdempotencyRecord? Owned, int? ReplayStatus, string? ReplayBody);

/// <summary>
/// The idempotency table (docs/concepts.md, Idempotency). A claim is an insert that the unique index arbitrates (a taken
/// key inserts nothing), made and committed before the commit's own transaction, so a concurrent
/// attempt sees it at once.
/// </summary>
public sealed class IdempotencyGuard(OmnimanDb db, TimeProvider clock, IOptions<OmnimanOptions> options)
{
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string sessionKey, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // A new key is the common case: one insert, and a read only when the key is taken.
            // ON CONFLICT keeps a taken key from being an error (and an error log) on every replay.
            var lockedUntil = now.AddSeconds(options.Value.IdempotencyLeaseSeconds);
            var expiresAt = now.AddHours(options.Value.IdempotencyKeyTtlHours);
            var inserted = await db.IdempotencyKeys.FromSql($"""
                INSERT INTO idempotency_keys (scope, key, session_key, state, locked_until, created_at, expires_at)
                VALUES ({scope}, {key}, {sessionKey}, {IdempotencyStates.InProgress}, {lockedUntil}, {now}, {expiresAt})
                ON CONFLICT (scope, key) DO NOTHING
                RETURNING *
                """).AsNoTracking().ToListAsync(ct);
            if (inserted is [var record]) return new(record, null, null);
            var existing = await db.IdempotencyKeys.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
            if (existing is null) continue;   // deleted meanwhile (expired): try the insert again
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
