using Microsoft.EntityFrameworkCore;
using Omniman.Caching;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Channels;

/// <summary>Creates or replaces a channel, validating its config first (the kernel's parts, then each module's key).</summary>
public sealed class SaveChannel(OmnimanDb db, IDatabaseDialect dialect, CacheInvalidation invalidation, IEnumerable<IChannelConfigSection> sections,
    TimeProvider clock)
{
    public async Task<Channel> CreateAsync(ChannelDefinition definition, CancellationToken ct)
    {
        var channel = Channel.Create(definition, clock.GetUtcNow().UtcDateTime);
        ValidateSections(channel);
        if (await db.Channels.AnyAsync(c => c.Code == channel.Code, ct)) throw Exists(channel.Code);
        db.Channels.Add(channel);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
        {
            // A concurrent create of the same code won between the check above and this insert.
            db.Entry(channel).State = EntityState.Detached;
            throw Exists(channel.Code);
        }
        return channel;
    }

    private static OmnimanException Exists(string code) =>
        new("channel_exists", $"Channel '{code}' already exists.", new { code });

    public async Task<Channel> ReplaceAsync(string code, ChannelDefinition definition, CancellationToken ct)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Code == code, ct) ?? throw OmnimanException.NotFound("Channel", code);
        channel.Replace(definition, clock.GetUtcNow().UtcDateTime);
        ValidateSections(channel);
        await db.SaveChangesAsync(ct);
        await invalidation.InvalidateAsync(CacheKeys.Channel(code), ct);
        return channel;
    }

    private void ValidateSections(Channel channel)
    {
        foreach (var section in sections) section.Validate(channel.Config[section.Key], channel.Settings);
    }
}
