using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Common;
using Omniman.Stock;

namespace Omniman.Persistence.Configurations;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.ToTable("stock_levels");
        builder.Property(l => l.Sku).HasMaxLength(SkuRule.MaxLength);
        builder.Property(l => l.Alternatives).IsJson();
        builder.HasIndex(l => l.Sku).IsUnique().HasDatabaseName("ux_stock_levels_sku");
    }
}

internal sealed class StockHoldConfiguration : IEntityTypeConfiguration<StockHold>
{
    public void Configure(EntityTypeBuilder<StockHold> builder)
    {
        builder.ToTable("stock_holds");
        builder.Property(h => h.HoldId).HasMaxLength(32);
        builder.Property(h => h.Sku).HasMaxLength(SkuRule.MaxLength);
        builder.Property(h => h.ChannelCode).HasMaxLength(64);
        builder.Property(h => h.SessionKey).HasMaxLength(64);
        builder.Property(h => h.Status).HasMaxLength(16);
        builder.Property(h => h.OrderRef).HasMaxLength(64);
        builder.HasIndex(h => h.HoldId).IsUnique().HasDatabaseName("ux_stock_holds_hold_id");
        builder.HasIndex(h => new { h.Sku, h.Status }).HasDatabaseName("ix_stock_holds_sku_active");
        builder.HasIndex(h => new { h.ChannelCode, h.SessionKey, h.Status }).HasDatabaseName("ix_stock_holds_session");
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.ToTable("stock_movements");
        builder.Property(m => m.Sku).HasMaxLength(SkuRule.MaxLength);
        builder.Property(m => m.Reason).HasMaxLength(StockMovement.MaxReasonLength);
        builder.Property(m => m.Reference).HasMaxLength(64);
        builder.HasIndex(m => new { m.Sku, m.Id }).HasDatabaseName("ix_stock_movements_sku");
    }
}
