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
    : ICacheInvalidationTransport, IHostedService, IDisposable
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

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Subscribes; while Redis does not answer, keeps trying in the background, so a process starts whether or not Redis is up.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the invalidation service is built with the transports, this one among them.
        var invalidation = (CacheInvalidation)services.GetService(typeof(CacheInvalidation))!;
        if (await TrySubscribeAsync(invalidation) is not { } failure) return;
        logger.LogWarning(failure, "Redis does not answer; this process hears no cache invalidations until it does (retrying every 5 s)");
        _ = RetryAsync(invalidation, _stopping.Token);
    }

    private async Task RetryAsync(CacheInvalidation invalidation, CancellationToken ct)
    {
        try
        {
            do await Task.Delay(TimeSpan.FromSeconds(5), ct);
            while (await TrySubscribeAsync(invalidation) is not null);
            logger.LogInformation("Redis answers: this process hears cache invalidations again");
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <returns>Null when subscribed, else why not.</returns>
    private async Task<Exception?> TrySubscribeAsync(CacheInvalidation invalidation)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(channel, (received, message) =>
            {
                var text = (string?)message;
                var bar = text?.IndexOf('|', StringComparison.Ordinal) ?? -1;
                if (text is null || bar < 0 || text.AsSpan(0, bar).SequenceEqual(_origin)) return;
                _ = EvictAsync(invalidation, text[(bar + 1)..]);
            });
            return null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return ex;
        }
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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Going away anyway.
        }
    }

    public void Dispose() => _stopping.Dispose();
}
