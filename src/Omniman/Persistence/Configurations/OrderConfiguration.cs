using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Common;
using Omniman.Orders;

namespace Omniman.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.Property(o => o.Ref).HasMaxLength(64);
        builder.Property(o => o.ChannelCode).HasMaxLength(64);
        builder.Property(o => o.SessionKey).HasMaxLength(64);
        builder.Property(o => o.HandleType).HasMaxLength(64);
        builder.Property(o => o.HandleRef).HasMaxLength(128);
        builder.Property(o => o.ExternalRef).HasMaxLength(Order.MaxExternalRefLength);
        builder.Property(o => o.Status).HasMaxLength(Order.MaxStatusLength);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.Snapshot).IsJson();
        builder.Property(o => o.StatusTimes).IsJson();
        builder.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(o => o.Ref).IsUnique().HasDatabaseName("ux_orders_ref");
        // A session never yields two orders, whatever the keys, retries or concurrency.
        builder.HasIndex(o => new { o.ChannelCode, o.SessionKey }).IsUnique().HasDatabaseName("ux_orders_channel_session");
        builder.HasIndex(o => new { o.Status, o.Id }).HasDatabaseName("ix_orders_status_list");
        builder.HasIndex(o => new { o.CreatedAt, o.Id }).HasDatabaseName("ix_orders_created_list");
        builder.HasIndex(o => o.HandleRef).HasDatabaseName("ix_orders_handle_ref");
        builder.HasIndex(o => o.ExternalRef).HasDatabaseName("ix_orders_external_ref");
    }
}

internal sealed class OrderItemConfiguration : IEntityTypeConfiguration<OrderItem>
{
    public void Configure(EntityTypeBuilder<OrderItem> builder)
    {
        builder.ToTable("order_items");
        builder.Property(i => i.LineId).HasMaxLength(32);
        builder.Property(i => i.Sku).HasMaxLength(SkuRule.MaxLength);
        builder.Property(i => i.Name).HasMaxLength(OrderItem.NameMaxLength);
        builder.Property(i => i.Meta).IsJson();
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.Property(e => e.Type).HasMaxLength(OrderEvent.MaxTypeLength);
        builder.Property(e => e.Actor).HasMaxLength(OrderEvent.MaxActorLength);
        builder.Property(e => e.Payload).IsJson();
    }
}
