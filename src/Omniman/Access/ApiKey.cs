using System.Security.Cryptography;
using System.Text;

namespace Omniman.Access;

public static class Scopes
{
    public const string SessionsRead = "sessions:read";
    public const string SessionsWrite = "sessions:write";
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [SessionsRead, SessionsWrite, OrdersRead, OrdersWrite, Admin];
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

    /// <summary>The start of a secret, kept so people can tell their keys apart.</summary>
    public const int PrefixLength = 12;

    public static ApiKey Create(string name, string secret, IEnumerable<string> scopes, IEnumerable<string>? channels, DateTime nowUtc) => new()
    {
        Name = name,
        // Never the whole secret: a short one (a hand-picked bootstrap key) keeps at most half.
        Prefix = secret[..Math.Min(PrefixLength, secret.Length / 2)],
        SecretHash = Hash(secret),
        Scopes = [.. scopes],
        Channels = channels?.ToList(),
        CreatedAt = nowUtc,
    };

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime nowUtc) => RevokedAt ??= nowUtc;
}
