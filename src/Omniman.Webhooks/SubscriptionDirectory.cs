using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Omniman.Caching;
using Omniman.Persistence;

namespace Omniman.Webhooks;

/// <summary>
/// The active subscriptions, cached per process for <see cref="WebhookOptions.CacheSeconds"/>: every
/// order move asks who wants it, and with none (or few) subscribed that must cost no query on the
/// hot paths. A change made through this process evicts the cache here at once.
/// </summary>
public sealed class SubscriptionDirectory(IMemoryCache cache, IOptions<WebhookOptions> options)
{
    public async Task<IReadOnlyList<WebhookSubscription>> ActiveAsync(OmnimanDb db, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKeys.WebhookSubscriptions, out IReadOnlyList<WebhookSubscription>? cached) && cached is not null) return cached;
        IReadOnlyList<WebhookSubscription> active = await db.Set<WebhookSubscription>().AsNoTracking()
            .Where(s => s.Status == SubscriptionStatuses.Active).ToListAsync(ct);
        if (options.Value.CacheSeconds > 0) cache.Set(CacheKeys.WebhookSubscriptions, active, TimeSpan.FromSeconds(options.Value.CacheSeconds));
        return active;
    }
}
