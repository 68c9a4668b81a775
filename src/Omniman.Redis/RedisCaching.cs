using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Caching;
using StackExchange.Redis;

namespace Omniman.Redis;

/// <summary>
/// Several processes on one database, sharing Redis (docs/operations.md, "Several processes"):
/// Redis becomes the second level of the HybridCache (the catalog's prices), and its pub/sub carries
/// every cache invalidation to every process, so a revoked key or a channel's new config counts
/// everywhere within moments instead of within the cache time.
/// </summary>
public static class RedisCaching
{
    public const string ConnectionName = "Redis";
    public const string PrefixKey = "Omniman:Redis:Prefix";
    public const string DefaultPrefix = "omniman:";

    /// <param name="omniman">The host's Omniman services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string (<c>localhost:6379</c>, with options).</param>
    /// <param name="prefix">Starts every key and the invalidation channel, so deployments can share one Redis.</param>
    public static OmnimanBuilder AddRedis(this OmnimanBuilder omniman, string configuration, string prefix = DefaultPrefix)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start without Redis rather than not at all: it is a cache, and the database stays the truth.
        options.AbortOnConnectFail = false;
        // While Redis is away a command fails at once instead of waiting in a backlog: no request waits on a cache.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        var services = omniman.Services;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        // The HybridCache finds this distributed cache and makes it its second level; one connection serves both.
        services.AddStackExchangeRedisCache(o => o.InstanceName = prefix);
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
            o.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RedisInvalidationBus>(sp, RedisChannel.Literal(prefix + "cache-invalidation")));
        services.AddSingleton<ICacheInvalidationTransport>(sp => sp.GetRequiredService<RedisInvalidationBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisInvalidationBus>());
        return omniman;
    }
}
