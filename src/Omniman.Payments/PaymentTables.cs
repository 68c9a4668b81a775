using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>The payments module's tables: payments, refunds and the gateway notices already applied.</summary>
public sealed class PaymentTables : ModuleTables
{
    public override string Name => "payments";

    public override void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.Id);
            payment.Property(p => p.Id).HasMaxLength(Payment.IdLength);
            payment.Property(p => p.Backend).HasMaxLength(32);
            payment.Property(p => p.ChannelCode).HasMaxLength(64);
            payment.Property(p => p.SessionKey).HasMaxLength(64);
            payment.Property(p => p.OrderRef).HasMaxLength(64);
            payment.Property(p => p.Status).HasMaxLength(32);
            payment.Property(p => p.Currency).HasMaxLength(3);
            payment.Property(p => p.TransactionId).HasMaxLength(255);
            payment.Property(p => p.Reason).HasMaxLength(Payment.MaxReasonLength);
            payment.HasIndex(p => new { p.ChannelCode, p.SessionKey }).HasDatabaseName("ix_payments_session");
            payment.HasIndex(p => p.OrderRef).HasDatabaseName("ix_payments_order");
            // One row per gateway payment: a retried authorization that the gateway answers from its
            // idempotency store finds the row the first one wrote.
            payment.HasIndex(p => new { p.Backend, p.TransactionId }).IsUnique().HasDatabaseName("ux_payments_transaction");
        });
        modelBuilder.Entity<PaymentRefund>(refund =>
        {
            refund.ToTable("payment_refunds");
            refund.HasKey(r => r.Id);
            refund.Property(r => r.Id).HasMaxLength(Payment.IdLength);
            refund.Property(r => r.PaymentId).HasMaxLength(Payment.IdLength);
            refund.Property(r => r.OrderRef).HasMaxLength(64);
            refund.Property(r => r.Reason).HasMaxLength(PaymentRefund.MaxReasonLength);
            refund.Property(r => r.Status).HasMaxLength(16);
            refund.Property(r => r.GatewayRefundId).HasMaxLength(255);
            refund.Property(r => r.Error).HasMaxLength(Payment.MaxReasonLength);
            refund.HasIndex(r => r.PaymentId).HasDatabaseName("ix_payment_refunds_payment");
            refund.HasIndex(r => r.OrderRef).HasDatabaseName("ix_payment_refunds_order");
        });
        modelBuilder.Entity<PaymentNotice>(notice =>
        {
            notice.ToTable("payment_notices");
            notice.HasKey(n => n.EventId);
            notice.Property(n => n.EventId).HasMaxLength(PaymentNotice.MaxEventIdLength);
            notice.Property(n => n.Backend).HasMaxLength(32);
            notice.Property(n => n.Type).HasMaxLength(64);
            notice.HasIndex(n => n.ReceivedAt).HasDatabaseName("ix_payment_notices_received");
        });
    }

    public override Type MigrationsContext(string provider) => provider switch
    {
        "Sqlite" => typeof(PaymentsSqliteDb),
        "Postgres" => typeof(PaymentsPostgresDb),
        _ => throw new NotSupportedException($"The payments module has no migrations for the {provider} provider."),
    };
}
