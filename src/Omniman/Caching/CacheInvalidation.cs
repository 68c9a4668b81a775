using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Omniman.Caching;

/// <summary>
/// Carries an eviction to the other processes on the same database (docs/operations.md, "Several
/// processes"). None is registered on a single node; with Redis configured, its pub/sub carries them.
/// </summary>
public interface ICacheInvalidationTransport
{
    Task PublishAsync(string key, CancellationToken ct);
}

/// <summary>
/// The one way a write that changes a cached thing (a channel, an API key, a product, the webhook
/// subscriptions) makes every process read it afresh: called after the write commits, it drops the
/// entry from this process's caches (memory and HybridCache, whose second level it leaves too) and
/// asks the other processes to drop theirs.
/// </summary>
public sealed class CacheInvalidation(IMemoryCache memory, HybridCache hybrid, IEnumerable<ICacheInvalidationTransport> transports,
    ILogger<CacheInvalidation> logger)
{
    public async Task InvalidateAsync(string key, CancellationToken ct)
    {
        await EvictHereAsync(key, ct);
        foreach (var transport in transports) await transport.PublishAsync(key, ct);
    }

    /// <summary>Drops the entry from this process's caches: what another process's invalidation does here.</summary>
    public async Task EvictHereAsync(string key, CancellationToken ct)
    {
        memory.Remove(key);
        try
        {
            await hybrid.RemoveAsync(key, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The second level (Redis) is away. The write is committed and this process forgot the entry;
            // the second level's copy lapses with its cache time. A write is never failed for a cache.
            logger.LogWarning(ex, "Could not drop {Key} from the second-level cache", key);
        }
    }
}

/// <summary>The keys of the shared caches, in one place, so a writer and every reader name an entry alike.</summary>
public static class CacheKeys
{
    public static string Channel(string code) => "omniman:channel:" + code;

    /// <summary>An API key by the hash of its secret, as authentication looks it up.</summary>
    public static string ApiKey(string secretHash) => "omniman:apikey:" + secretHash;

    public static string Product(string sku) => "omniman:product:" + sku;

    public const string WebhookSubscriptions = "omniman:webhooks:active-subscriptions";
}
