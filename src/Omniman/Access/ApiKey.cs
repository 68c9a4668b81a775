using System.Security.Cryptography;
using System.Text;

namespace Omniman.Access;

public static class Scopes
{
    public const string SessionsRead = "sessions:read";
    public const string SessionsWrite = "sessions:write";
    /// <summary>With <see cref="SessionsWrite"/>: may edit sessions of a channel whose edit policy is locked (the integration that owns it).</summary>
    public const string SessionsWriteLocked = "sessions:write_locked";
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [SessionsRead, SessionsWrite, SessionsWriteLocked, OrdersRead, OrdersWrite, Admin];
}

/// <summary>An API credential. Only the SHA-256 of its high-entropy secret and a short prefix are stored.</summary>
public sealed class ApiKey
{
    private ApiKey() { }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Prefix { get; private set; } = "";
    public string SecretHash { get; private set; } = "";
    public List<string> Scopes { get; private set; } = [];
    public List<string>? Channels { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    /// <summary>When the key stops working on its own; null for never (the bootstrap key, keys made without one).</summary>
    public DateTime? ExpiresAt { get; private set; }

    /// <summary>The key this one replaced by rotation, if any.</summary>
    public long? RotatedFrom { get; private set; }

    /// <summary>The start of a secret, kept so people can tell their keys apart.</summary>
    public const int PrefixLength = 12;

    public static ApiKey Create(string name, string secret, IEnumerable<string> scopes, IEnumerable<string>? channels, DateTime nowUtc,
        DateTime? expiresAtUtc = null, long? rotatedFrom = null) => new()
    {
        Name = name,
        // Never the whole secret: a short one (a hand-picked bootstrap key) keeps at most half.
        Prefix = secret[..Math.Min(PrefixLength, secret.Length / 2)],
        SecretHash = Hash(secret),
        Scopes = [.. scopes],
        Channels = channels?.ToList(),
        CreatedAt = nowUtc,
        ExpiresAt = expiresAtUtc,
        RotatedFrom = rotatedFrom,
    };

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime nowUtc) => RevokedAt ??= nowUtc;

    /// <summary>Expired at <paramref name="nowUtc"/>: the expiry itself is already too late.</summary>
    public static bool HasExpired(DateTime? expiresAtUtc, DateTime nowUtc) => expiresAtUtc <= nowUtc;

    /// <summary>Makes the key stop working by <paramref name="atUtc"/>; an earlier expiry it already has stands.</summary>
    public void ExpireBy(DateTime atUtc)
    {
        if (ExpiresAt is null || atUtc < ExpiresAt) ExpiresAt = atUtc;
    }
}
