using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Channels;

/// <summary>Reads channels for the operations that run under them.</summary>
internal static class ChannelDirectory
{
    public static async Task<Channel> GetAsync(this DbSet<Channel> channels, string code, CancellationToken ct) =>
        await channels.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct)
        ?? throw OmnimanException.NotFound("Channel", code);

    public static Task<Channel> ChannelAsync(this OmnimanDb db, string code, CancellationToken ct) => db.Channels.GetAsync(code, ct);
}
