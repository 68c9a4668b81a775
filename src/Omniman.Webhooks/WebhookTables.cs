using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Webhooks;

/// <summary>The webhooks module's tables: subscriptions and the delivery log.</summary>
public sealed class WebhookTables : ModuleTables
{
    public override string Name => "webhooks";

    public override void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookSubscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Id).HasMaxLength(32);
            subscription.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
            subscription.Property(s => s.Events).IsJson();
            subscription.Property(s => s.Channels).IsJson();
            subscription.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescriptionLength);
            subscription.Property(s => s.Secret).HasMaxLength(64);
            subscription.Property(s => s.Status).HasMaxLength(16);
            subscription.Property(s => s.PausedReason).HasMaxLength(WebhookDelivery.MaxErrorLength);
        });
        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(32);
            delivery.Property(d => d.SubscriptionId).HasMaxLength(32);
            delivery.Property(d => d.EventId).HasMaxLength(64);
            delivery.Property(d => d.EventType).HasMaxLength(64);
            delivery.Property(d => d.Status).HasMaxLength(16);
            delivery.Property(d => d.Error).HasMaxLength(WebhookDelivery.MaxErrorLength);
            // The delivery log of a subscription, newest first.
            delivery.HasIndex(d => new { d.SubscriptionId, d.CreatedAt }).HasDatabaseName("ix_webhook_deliveries_subscription");
            delivery.HasIndex(d => d.UpdatedAt).HasDatabaseName("ix_webhook_deliveries_updated");
        });
    }

    public override Type MigrationsContext(string provider) => provider switch
    {
        "Sqlite" => typeof(WebhooksSqliteDb),
        "Postgres" => typeof(WebhooksPostgresDb),
        _ => throw new NotSupportedException($"The webhooks module has no migrations for the {provider} provider."),
    };
}
