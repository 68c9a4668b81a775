using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Common;
using Omniman.Pricing;

namespace Omniman.Persistence.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.Property(p => p.Sku).HasMaxLength(SkuRule.MaxLength);
        builder.Property(p => p.Name).HasMaxLength(Product.MaxNameLength);
        builder.Property(p => p.ChannelPrices).IsJson();
        builder.HasIndex(p => p.Sku).IsUnique().HasDatabaseName("ux_products_sku");
    }
}

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> builder)
    {
        builder.ToTable("promotions");
        builder.Property(p => p.Code).HasMaxLength(Promotion.MaxCodeLength);
        builder.Property(p => p.Skus).IsJson();
        builder.HasIndex(p => p.Code).IsUnique().HasDatabaseName("ux_promotions_code");
    }
}
