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
        builder.HasIndex(d => new { d.Status, d.AvailableAt }).HasDatabaseName("ix_directives_due");
        builder.HasIndex(d => new { d.Topic, d.Id }).HasDatabaseName("ix_directives_topic_list");
        builder.HasIndex(d => d.LeaseExpiresAt).HasFilter("status = 'running'").HasDatabaseName("ix_directives_running_lease");
    }
}
