using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omniman.Caching;
using StackExchange.Redis;

namespace Omniman.Redis;

/// <summary>
/// Cache invalidations between processes over one Redis pub/sub channel: each message is the sending
/// process's id and the cache key; every other process drops that entry from its caches. A message
/// lost while Redis is away costs at most the entry's cache time, the bound a single node has anyway.
/// </summary>
internal sealed class RedisInvalidationBus(RedisChannel channel, IConnectionMultiplexer redis, IServiceProvider services, ILogger<RedisInvalidationBus> logger)
    : ICacheInvalidationTransport, IHostedService
{
    private readonly string _origin = Guid.NewGuid().ToString("N");

    public async Task PublishAsync(string key, CancellationToken ct)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(channel, _origin + "|" + key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The write committed; the other processes will read it when their entry lapses.
            logger.LogWarning(ex, "Could not tell the other processes to drop {Key} from their caches", key);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the invalidation service is built with the transports, this one among them.
        var invalidation = (CacheInvalidation)services.GetService(typeof(CacheInvalidation))!;
        await redis.GetSubscriber().SubscribeAsync(channel, (received, message) =>
        {
            var text = (string?)message;
            var bar = text?.IndexOf('|', StringComparison.Ordinal) ?? -1;
            if (text is null || bar < 0 || text.AsSpan(0, bar).SequenceEqual(_origin)) return;
            _ = EvictAsync(invalidation, text[(bar + 1)..]);
        });
    }

    private async Task EvictAsync(CacheInvalidation invalidation, string key)
    {
        try
        {
            await invalidation.EvictHereAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not drop {Key} from the caches on another process's word", key);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(channel);
}
