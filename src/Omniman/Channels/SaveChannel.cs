using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Channels;

/// <summary>Creates or replaces a channel, validating its config first.</summary>
public sealed class SaveChannel(OmnimanDb db, TimeProvider clock)
{
    public async Task<Channel> CreateAsync(ChannelDefinition definition, CancellationToken ct)
    {
        var channel = Channel.Create(definition, clock.GetUtcNow().UtcDateTime);
        if (await db.Channels.AnyAsync(c => c.Code == channel.Code, ct))
            throw new OmnimanException("channel_exists", $"Channel '{channel.Code}' already exists.", new { code = channel.Code });
        db.Channels.Add(channel);
        await db.SaveChangesAsync(ct);
        return channel;
    }

    public async Task<Channel> ReplaceAsync(string code, ChannelDefinition definition, CancellationToken ct)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Code == code, ct) ?? throw OmnimanException.NotFound("Channel", code);
        channel.Replace(definition, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return channel;
    }
}
