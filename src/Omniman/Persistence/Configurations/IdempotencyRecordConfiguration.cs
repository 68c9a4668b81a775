using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Idempotency;

namespace Omniman.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.Property(r => r.Scope).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxLength);
        builder.Property(r => r.SessionKey).HasMaxLength(64);
        builder.Property(r => r.State).HasMaxLength(16);
        // The claim is an insert: the unique index decides which concurrent attempt owns the key.
        builder.HasIndex(r => new { r.Scope, r.Key }).IsUnique().HasDatabaseName("ux_idempotency_scope_key");
        builder.HasIndex(r => r.ExpiresAt).HasDatabaseName("ix_idempotency_expiry");
    }
}
