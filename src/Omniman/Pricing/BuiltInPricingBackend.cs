using System.ComponentModel;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Omniman.Caching;
using Omniman.Persistence;

namespace Omniman.Pricing;

/// <summary>A product as cached: the catalog row's pricing fields, never changed after it is read.</summary>
[ImmutableObject(true)]
public sealed record CatalogEntry(string Sku, string Name, long PriceQ, bool IsActive, IReadOnlyDictionary<string, long> ChannelPrices);

/// <summary>
/// Prices from the built-in catalog: the channel's own price, else the base price. Catalog rows
/// are cached (HybridCache) for <c>Omniman:Pricing:CacheSeconds</c>; saving a product evicts it everywhere (<see cref="CacheInvalidation"/>).
/// </summary>
public sealed class BuiltInPricingBackend(OmnimanDb db, HybridCache cache, IOptions<PricingOptions> options) : IPricingBackend
{
    public async Task<PriceQuote> GetPriceAsync(string sku, string channelCode, decimal qty, JsonObject context, CancellationToken ct)
    {
        var entry = await FindAsync(sku, ct);
        if (entry is null) return new PriceQuote(PriceQuoteStatus.ProductNotFound, null, null, "catalog");
        if (!entry.IsActive) return new PriceQuote(PriceQuoteStatus.ProductInactive, null, entry.Name, "catalog");
        return entry.ChannelPrices.TryGetValue(channelCode, out var channelPrice)
            ? new PriceQuote(PriceQuoteStatus.Found, channelPrice, entry.Name, $"catalog:channel:{channelCode}")
            : new PriceQuote(PriceQuoteStatus.Found, entry.PriceQ, entry.Name, "catalog:base");
    }

    public ValueTask<CatalogEntry?> FindAsync(string sku, CancellationToken ct) =>
        // Zero (or less) means no caching: the cache refuses a lifetime that is not positive.
        options.Value.CacheSeconds <= 0
            ? new ValueTask<CatalogEntry?>(ReadAsync(sku, ct))
            : cache.GetOrCreateAsync(CacheKeys.Product(sku), async token => await ReadAsync(sku, token),
                new HybridCacheEntryOptions
                {
                    Expiration = TimeSpan.FromSeconds(options.Value.CacheSeconds),
                    LocalCacheExpiration = TimeSpan.FromSeconds(options.Value.CacheSeconds),
                },
                cancellationToken: ct);

    private Task<CatalogEntry?> ReadAsync(string sku, CancellationToken ct) =>
        db.Set<Product>().AsNoTracking().Where(p => p.Sku == sku)
            .Select(p => new CatalogEntry(p.Sku, p.Name, p.PriceQ, p.IsActive, p.ChannelPrices))
            .FirstOrDefaultAsync(ct);
}
