using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Access;

/// <summary>
/// Replaces a key without downtime: a new key with the same name, scopes and channels, while the
/// old one keeps working for a grace period so the integration can switch over. Both are saved
/// together, so there is never a moment with the old key cut short and no new one.
/// </summary>
public sealed class RotateApiKey(OmnimanDb db, TimeProvider clock, IEnumerable<IApiKeyCache> caches)
{
    /// <summary>How long the old key keeps working when the caller does not say: a day.</summary>
    public const int DefaultGraceSeconds = 86_400;

    /// <summary>
    /// Replaces key <paramref name="id"/>; the old key keeps working for <paramref name="graceSeconds"/>
    /// (0 revokes it at once), or until an earlier expiry it already has. A caller limited to
    /// <paramref name="allowedChannels"/> may rotate only keys limited to some of them: the new key gets the
    /// old one's channels, and a limited key may not hand on more than it has.
    /// </summary>
    public async Task<RotatedApiKey> ExecuteAsync(long id, int? graceSeconds, CancellationToken ct,
        IReadOnlyCollection<string>? allowedChannels = null)
    {
        var grace = graceSeconds ?? DefaultGraceSeconds;
        if (grace < 0) throw OmnimanException.Invalid("expires_in_seconds", "expires_in_seconds is 0 (revoke the old key at once) or more.");
        var old = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct)
            ?? throw OmnimanException.NotFound("API key", id.ToString(CultureInfo.InvariantCulture));
        if (allowedChannels is not null && (old.Channels is not { Count: > 0 } theirs || theirs.Any(c => !allowedChannels.Contains(c))))
            throw new OmnimanException("forbidden", "A key limited to channels may only rotate keys limited to some of its channels.",
                new { allowed_channels = allowedChannels });
        var now = clock.GetUtcNow().UtcDateTime;
        // Rotation hands on a live key's rights; bringing a dead key back would undo a revocation or an expiry.
        if (old.RevokedAt is { } revokedAt)
            throw Inactive(old, $"API key {old.Id} was revoked at {UtcStamp.Format(revokedAt)}; create a new key instead.");
        if (ApiKey.HasExpired(old.ExpiresAt, now))
            throw Inactive(old, $"API key {old.Id} expired at {UtcStamp.Format(old.ExpiresAt!.Value)}; create a new key instead.");

        var secret = ManageApiKeys.NewSecret();
        // The new key keeps no expiry of the old one: rotating is how a key's life is renewed.
        var replacement = ApiKey.Create(old.Name, secret, old.Scopes, old.Channels, now, expiresAtUtc: null, rotatedFrom: old.Id);
        if (grace == 0) old.Revoke(now);
        else old.ExpireBy(now.AddSeconds(grace));
        db.ApiKeys.Add(replacement);
        await db.SaveChangesAsync(ct);
        // This process may hold the old key as it was read before (no expiry, not revoked): read it afresh.
        foreach (var cache in caches) cache.Evict(old.SecretHash);
        return new RotatedApiKey(new CreatedApiKey(replacement, secret), old);
    }

    private static OmnimanException Inactive(ApiKey key, string message) =>
        new("key_inactive", message, new { id = key.Id, revoked_at = key.RevokedAt, expires_at = key.ExpiresAt });
}

/// <summary>A rotation's outcome: the new key with its secret (shown this once), and the old key as it now stands.</summary>
public sealed record RotatedApiKey(CreatedApiKey Created, ApiKey Old);
