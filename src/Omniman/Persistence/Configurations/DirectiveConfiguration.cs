using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Directives;

namespace Omniman.Persistence.Configurations;

internal sealed class DirectiveConfiguration : IEntityTypeConfiguration<Directive>
{
    public void Configure(EntityTypeBuilder<Directive> builder)
    {
        builder.ToTable("directives");
        builder.Property(d => d.Topic).HasMaxLength(Directive.MaxTopicLength);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.Payload).IsJson();
        builder.Property(d => d.Correlation).HasMaxLength(Correlations.MaxLength);
        builder.Property(d => d.TraceParent).HasMaxLength(Directive.TraceParentLength);
        // Each claim counts an attempt, so a save by a worker whose lease lapsed and was taken over
        // changes no row (and rolls its attempt's writes back; see DirectiveDispatcher).
        builder.Property(d => d.Attempts).IsConcurrencyToken();
        // The claim reads queued rows in due order from an index that holds nothing else: done rows,
        // however many, are never in its path, and an ordered scan stops at the batch's last row.
        builder.HasIndex(d => new { d.AvailableAt, d.Id }).HasFilter("status = 'queued'").HasDatabaseName("ix_directives_due");
        builder.HasIndex(d => new { d.Status, d.Id }).HasDatabaseName("ix_directives_status_list");
        builder.HasIndex(d => new { d.Topic, d.Id }).HasDatabaseName("ix_directives_topic_list");
        builder.HasIndex(d => new { d.Correlation, d.Id }).HasDatabaseName("ix_directives_correlation_list");
        builder.HasIndex(d => d.LeaseExpiresAt).HasFilter("status = 'running'").HasDatabaseName("ix_directives_running_lease");
    }
}
