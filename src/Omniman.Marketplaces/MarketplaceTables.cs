using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Marketplaces;

/// <summary>The marketplaces module's tables: the event inbox, the orders imported, and the access tokens.</summary>
public sealed class MarketplaceTables : ModuleTables
{
    public const int ProviderLength = 32;

    public override string Name => "marketplaces";

    public override void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxEvent>(inbox =>
        {
            inbox.ToTable("marketplace_events");
            // The marketplace's event id is the key: a second delivery breaks it and is dropped.
            inbox.HasKey(e => new { e.Provider, e.EventId });
            inbox.Property(e => e.Provider).HasMaxLength(ProviderLength);
            inbox.Property(e => e.EventId).HasMaxLength(InboundEvent.MaxIdLength);
            inbox.Property(e => e.Code).HasMaxLength(InboxEvent.MaxCodeLength);
            inbox.Property(e => e.FullCode).HasMaxLength(InboxEvent.MaxCodeLength);
            inbox.Property(e => e.OrderId).HasMaxLength(InboxEvent.MaxOrderIdLength);
            inbox.Property(e => e.MerchantId).HasMaxLength(InboxEvent.MaxOrderIdLength);
            inbox.Property(e => e.Payload).IsJson();
            inbox.HasIndex(e => new { e.Provider, e.OrderId }).HasDatabaseName("ix_marketplace_events_order");
            inbox.HasIndex(e => e.ReceivedAt).HasDatabaseName("ix_marketplace_events_received");
        });
        modelBuilder.Entity<MarketplaceOrder>(order =>
        {
            order.ToTable("marketplace_orders");
            order.HasKey(o => new { o.Provider, o.OrderId });
            order.Property(o => o.Provider).HasMaxLength(ProviderLength);
            order.Property(o => o.OrderId).HasMaxLength(InboxEvent.MaxOrderIdLength);
            order.Property(o => o.MerchantId).HasMaxLength(InboxEvent.MaxOrderIdLength);
            order.Property(o => o.OrderRef).HasMaxLength(64);
            order.Property(o => o.ChannelCode).HasMaxLength(64);
            order.Property(o => o.DisplayId).HasMaxLength(MarketplaceOrder.MaxDisplayIdLength);
            order.HasIndex(o => o.OrderRef).IsUnique().HasDatabaseName("ux_marketplace_orders_order");
        });
        modelBuilder.Entity<MarketplaceToken>(token =>
        {
            token.ToTable("marketplace_tokens");
            token.HasKey(t => t.Provider);
            token.Property(t => t.Provider).HasMaxLength(ProviderLength);
        });
    }

    public override Type MigrationsContext(string provider) => provider switch
    {
        "Sqlite" => typeof(MarketplacesSqliteDb),
        "Postgres" => typeof(MarketplacesPostgresDb),
        _ => throw new NotSupportedException($"The marketplaces module has no migrations for the {provider} provider."),
    };
}
