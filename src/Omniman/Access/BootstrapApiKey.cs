using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Omniman.Persistence;

namespace Omniman.Access;

/// <summary>Creates the admin key named by <c>Omniman:Auth:BootstrapApiKey</c> when no key has that secret yet.</summary>
public sealed class BootstrapApiKey(OmnimanDb db, IConfiguration configuration, TimeProvider clock)
{
    public const string SettingKey = "Omniman:Auth:BootstrapApiKey";

    public async Task<bool> EnsureAsync(CancellationToken ct)
    {
        var secret = configuration[SettingKey];
        if (string.IsNullOrEmpty(secret)) return false;
        var hash = ApiKey.Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, ct)) return false;
        db.ApiKeys.Add(ApiKey.Create("bootstrap", secret, [Scopes.Admin], null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
