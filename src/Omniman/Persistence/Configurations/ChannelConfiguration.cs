using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omniman.Channels;

namespace Omniman.Persistence.Configurations;

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.ToTable("channels");
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(Channel.MaxNameLength);
        builder.Property(c => c.PricingPolicy).HasMaxLength(16);
        builder.Property(c => c.EditPolicy).HasMaxLength(16);
        builder.Property(c => c.Config).IsJson();
        builder.Ignore(c => c.Settings);
        builder.HasIndex(c => c.Code).IsUnique().HasDatabaseName("ux_channels_code");
    }
}
