using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Sessions;

namespace Omniman.Persistence.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions");
        builder.Property(s => s.SessionKey).HasMaxLength(Session.KeyMaxLength);
        builder.Property(s => s.ChannelCode).HasMaxLength(64);
        builder.Property(s => s.HandleType).HasMaxLength(Session.HandleTypeMaxLength);
        builder.Property(s => s.HandleRef).HasMaxLength(Session.HandleRefMaxLength);
        // Commit and abandon change the state but not the rev: the state is checked on write as well.
        builder.Property(s => s.State).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(s => s.PricingPolicy).HasMaxLength(16);
        builder.Property(s => s.EditPolicy).HasMaxLength(16);
        // Every write checks the rev it read: a concurrent modify makes the loser's save fail.
        builder.Property(s => s.Rev).IsConcurrencyToken();
        builder.Property(s => s.Items).IsJson();
        builder.Property(s => s.Data).IsJson();
        builder.Property(s => s.Pricing).IsJson();
        builder.Ignore(s => s.IsOpen);
        builder.Ignore(s => s.Issues);

        builder.HasIndex(s => new { s.ChannelCode, s.SessionKey }).IsUnique().HasDatabaseName("ux_sessions_channel_key");
        builder.HasIndex(s => s.SessionKey).HasDatabaseName("ix_sessions_key");
        // At most one open session per (channel, handle): the database enforces it, also under races.
        builder.HasIndex(s => new { s.ChannelCode, s.HandleType, s.HandleRef })
            .IsUnique()
            .HasFilter("state = 'open' AND handle_type IS NOT NULL AND handle_ref IS NOT NULL")
            .HasDatabaseName("ux_sessions_open_handle");
        builder.HasIndex(s => new { s.State, s.UpdatedAt }).HasDatabaseName("ix_sessions_state_idle");
    }
}
