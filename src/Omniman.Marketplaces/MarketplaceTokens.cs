using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;

namespace Omniman.Marketplaces;

/// <summary>A token as a marketplace issued it, with the lifetime it gave (never a lifetime assumed from its docs).</summary>
public sealed record IssuedToken(string AccessToken, TimeSpan Lifetime);

/// <summary>
/// The token cache: each marketplace's access token, in memory and in the database (so every process
/// shares one), kept until shortly before the expiry the marketplace gave and dropped when the
/// marketplace answers 401 with it.
/// </summary>
public sealed class MarketplaceTokens(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>A token this close to its expiry is renewed first: a call made with it could land after it lapsed.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (string Token, DateTime ExpiresAt)> _memory = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _issuing = new(StringComparer.Ordinal);

    /// <summary>A live token for <paramref name="provider"/>, asking <paramref name="issue"/> for a new one only when none is.</summary>
    public async Task<string> GetAsync(string provider, Func<CancellationToken, Task<IssuedToken>> issue, CancellationToken ct)
    {
        if (Live(provider) is { } cached) return cached;
        var gate = _issuing.GetOrAdd(provider, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Live(provider) is { } raced) return raced;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
            var stored = await db.Set<MarketplaceToken>().FirstOrDefaultAsync(t => t.Provider == provider, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (stored is not null && stored.ExpiresAt - Margin > now)
            {
                _memory[provider] = (stored.AccessToken, stored.ExpiresAt);
                return stored.AccessToken;
            }
            var issued = await issue(ct);
            var expiresAt = now + issued.Lifetime;
            if (stored is null) db.Add(MarketplaceToken.Of(provider, issued.AccessToken, expiresAt, now));
            else stored.Replace(issued.AccessToken, expiresAt, now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another process stored its own token at the same moment: both are valid, this one serves here.
            }
            _memory[provider] = (issued.AccessToken, expiresAt);
            return issued.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Forgets <paramref name="token"/> after the marketplace refused it (a 401: revoked, or expired early).
    /// Only that token: one another caller already renewed stays.
    /// </summary>
    public async Task InvalidateAsync(string provider, string token, CancellationToken ct)
    {
        if (_memory.TryGetValue(provider, out var held) && held.Token == token) _memory.TryRemove(provider, out _);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        await db.Set<MarketplaceToken>().Where(t => t.Provider == provider && t.AccessToken == token).ExecuteDeleteAsync(ct);
    }

    private string? Live(string provider) =>
        _memory.TryGetValue(provider, out var held) && held.ExpiresAt - Margin > clock.GetUtcNow().UtcDateTime ? held.Token : null;
}
