using Microsoft.EntityFrameworkCore;
using Omniman.Caching;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Pricing;

/// <summary>Admin writes to the built-in catalog and promotions; a saved product leaves the price cache at once.</summary>
public sealed class ManageCatalog(OmnimanDb db, IDatabaseDialect dialect, CacheInvalidation invalidation, TimeProvider clock)
{
    public async Task<(Product Product, bool Created)> SaveProductAsync(string sku, ProductDefinition definition, CancellationToken ct)
    {
        // Checked before the SKU reaches a query or the price cache, whose keys cannot hold control characters.
        SkuRule.Ensure("sku", sku);
        var now = clock.GetUtcNow().UtcDateTime;
        var product = await db.Products.FirstOrDefaultAsync(p => p.Sku == sku, ct);
        var created = product is null;
        if (product is null)
        {
            product = Product.Create(sku, now);
            db.Products.Add(product);
        }
        product.Replace(definition, now);
        await db.SaveChangesAsync(ct);
        await invalidation.InvalidateAsync(CacheKeys.Product(sku), ct);
        return (product, created);
    }

    public async Task<Promotion> CreatePromotionAsync(PromotionDefinition definition, CancellationToken ct)
    {
        var promotion = Promotion.Create(definition, clock.GetUtcNow().UtcDateTime);
        db.Promotions.Add(promotion);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
        {
            throw new OmnimanException("promotion_exists", $"Promotion '{promotion.Code}' already exists.", new { code = promotion.Code });
        }
        return promotion;
    }

    public async Task DeletePromotionAsync(string code, CancellationToken ct)
    {
        if (await db.Promotions.Where(p => p.Code == code).ExecuteDeleteAsync(ct) == 0)
            throw OmnimanException.NotFound("Promotion", code);
    }
}
