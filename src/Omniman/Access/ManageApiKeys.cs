using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Omniman.Caching;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Access;

/// <summary>A key just created: the stored row and the secret, which is shown this once and never stored.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>Creates and revokes API keys (docs/api.md, API keys); the HTTP endpoints and <c>omniman keys</c> both use it.</summary>
public sealed class ManageApiKeys(OmnimanDb db, CacheInvalidation invalidation, TimeProvider clock)
{
    public const string SecretPrefix = "omk_";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>43 characters of a 62-letter alphabet: about 256 bits, drawn from the OS's CSPRNG.</summary>
    public static string NewSecret() => SecretPrefix + RandomNumberGenerator.GetString(SecretAlphabet, 43);

    public async Task<CreatedApiKey> CreateAsync(string? name, IReadOnlyList<string>? scopes, IReadOnlyList<string>? channels, DateTime? expiresAt,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) throw OmnimanException.MissingField("name");
        if (!Text.Fits(name, 200)) throw OmnimanException.Invalid("name", $"A key name has {Text.AtMost(200)}.");
        if (scopes is null || scopes.Count == 0) throw OmnimanException.MissingField("scopes");
        // A null entry is unknown too; FirstOrDefault alone would read it as "none found".
        if (scopes.Where(s => s is null || !Scopes.All.Contains(s)).Select(s => s ?? "null").FirstOrDefault() is { } unknown)
            throw OmnimanException.Invalid("scopes", $"Unknown scope '{unknown}'; scopes are {string.Join(", ", Scopes.All)}.");
        if (channels is not null)
        {
            if (channels.Count == 0) throw OmnimanException.Invalid("channels", "Leave channels out for every channel, or name at least one.");
            if (channels.Any(c => !Channel.IsValidCode(c)))
                throw OmnimanException.Invalid("channels", "channels lists channel codes (lowercase slugs).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = expiresAt is { } at ? UtcStamp.FromClient(at) : (DateTime?)null;
        // A key born expired would only ever answer 401; that is a mistake in the request, said now.
        if (ApiKey.HasExpired(expires, now))
            throw OmnimanException.Invalid("expires_at", $"expires_at must be in the future (it is now {UtcStamp.Format(now)}).");
        var secret = NewSecret();
        var key = ApiKey.Create(name, secret, scopes.Distinct(StringComparer.Ordinal), channels?.Distinct(StringComparer.Ordinal), now, expires);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>Revokes a key at once (every cache of it is dropped: <see cref="CacheInvalidation"/>); revoking a revoked key is harmless.</summary>
    public async Task<ApiKey> RevokeAsync(long id, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct)
            ?? throw OmnimanException.NotFound("API key", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await invalidation.InvalidateAsync(CacheKeys.ApiKey(key.SecretHash), ct);
        return key;
    }
}
