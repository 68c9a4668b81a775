using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Omniman.Access;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Auth;

/// <summary>
/// What authentication needs of a key, as cached. The expiry is kept, not filtered on: an entry may
/// outlive it, so it is checked on every use, and an expired key can be told apart from an unknown one.
/// </summary>
internal sealed record KnownKey(long Id, string Name, string SecretHash, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Channels,
    DateTime? ExpiresAt);


/// <summary>
/// Keeps hashing and a database read off every request: keys are cached by hash for
/// <c>Omniman:Auth:CacheSeconds</c>. Revoking or rotating on this process evicts at once (<see cref="IApiKeyCache"/>); other processes
/// notice within the cache time; an expiry counts at once everywhere, checked on each use against
/// the clock. <c>last_used_at</c> is written at most once a minute per key.
/// </summary>
internal sealed class ApiKeyCache(IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider clock) : IApiKeyCache
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<long, DateTime> _touched = new();

    public async Task<KnownKey?> FindAsync(string hash, OmnimanDb db, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(hash), out KnownKey? known)) return known;
        known = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new KnownKey(k.Id, k.Name, k.SecretHash, k.Scopes, k.Channels, k.ExpiresAt))
            .FirstOrDefaultAsync(ct);
        // Zero (or less) means no caching: every request reads the key, so a revocation anywhere counts at once.
        if (options.Value.CacheSeconds > 0) cache.Set(CacheKey(hash), known, TimeSpan.FromSeconds(options.Value.CacheSeconds));
        return known;
    }

    public void Evict(string hash) => cache.Remove(CacheKey(hash));

    public async Task TouchAsync(KnownKey key, OmnimanDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_touched.TryGetValue(key.Id, out var last) && now - last < TouchEvery) return;
        _touched[key.Id] = now;
        await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
    }

    private static string CacheKey(string hash) => "omniman:apikey:" + hash;
}
