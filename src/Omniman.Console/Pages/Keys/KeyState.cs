using Omniman.Access;

namespace Omniman.OperatorConsole.Pages.Keys;

/// <summary>Whether a key still works, as the list and the key's page say it (revocation first, then expiry).</summary>
public static class KeyState
{
    public const string Active = "active";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    public static string Of(ApiKey key, DateTime nowUtc) =>
        key.RevokedAt is not null ? Revoked : ApiKey.HasExpired(key.ExpiresAt, nowUtc) ? Expired : Active;

    /// <summary>The state as people read it.</summary>
    public static string Text(string state, Text.Texts T) => state switch
    {
        Revoked => T["Revoked"],
        Expired => T["Expired"],
        _ => T["Active"],
    };
}
