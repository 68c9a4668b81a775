using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Omniman.Caching;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Channels;

/// <summary>Reads a channel straight from the database (admin reads, which must see the latest).</summary>
internal static class ChannelQueries
{
    public static async Task<Channel> GetAsync(this DbSet<Channel> channels, string code, CancellationToken ct) =>
        await channels.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct)
        ?? throw OmnimanException.NotFound("Channel", code);
}

/// <summary>
/// Channels for the operations that run under them, cached: every modify, commit and check needs
/// its channel's config, and channels change rarely. Saving a channel evicts it here at once, and
/// on the other processes through <see cref="Caching.CacheInvalidation"/> when they share Redis;
/// without it they see the change within <c>Omniman:ChannelCacheSeconds</c>.
/// </summary>
public sealed class ChannelDirectory(IMemoryCache cache, IOptions<OmnimanOptions> options)
{
    public async Task<Channel> GetAsync(OmnimanDb db, string code, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKeys.Channel(code), out Channel? channel) && channel is not null) return channel;
        channel = await db.Channels.GetAsync(code, ct);
        _ = channel.Settings;   // parse the config once, before the instance is shared
        // Zero (or less) means no caching: the memory cache refuses a lifetime that is not positive.
        if (options.Value.ChannelCacheSeconds > 0) cache.Set(CacheKeys.Channel(code), channel, TimeSpan.FromSeconds(options.Value.ChannelCacheSeconds));
        return channel;
    }
}
