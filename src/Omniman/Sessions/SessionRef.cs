using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>How a client names a session: its key, and the channel when the key alone is ambiguous.</summary>
public readonly record struct SessionRef(string? ChannelCode, string Key)
{
    /// <summary>
    /// Finds the channel of the key; the same key in two channels needs the channel named. With
    /// <paramref name="within"/>, sessions of other channels count as absent.
    /// </summary>
    public async Task<string> ResolveChannelAsync(OmnimanDb db, CancellationToken ct, IReadOnlyCollection<string>? within = null)
    {
        if (!string.IsNullOrEmpty(ChannelCode))
            return within is null || within.Contains(ChannelCode) ? ChannelCode : throw OmnimanException.NotFound("Session", Key);
        var key = Key;
        var query = db.Sessions.AsNoTracking().Where(s => s.SessionKey == key);
        if (within is not null) query = query.Where(s => within.Contains(s.ChannelCode));
        var channels = await query.Select(s => s.ChannelCode).Take(2).ToListAsync(ct);
        return channels.Count switch
        {
            0 => throw OmnimanException.NotFound("Session", Key),
            1 => channels[0],
            _ => throw new OmnimanException("ambiguous_session",
                $"Session key '{Key}' exists in more than one channel; name the channel_code.", new { session_key = Key, channels }),
        };
    }

    /// <summary>Loads the session for a read-modify-write guarded by its rev and state, without a lock.</summary>
    public async Task<Session> LoadAsync(OmnimanDb db, CancellationToken ct)
    {
        var channel = await ResolveChannelAsync(db, ct);
        return await db.FindSessionAsync(channel, Key, ct)
            ?? throw OmnimanException.NotFound("Session", Key);
    }

    /// <summary>Locks the session for a read-modify-write inside the caller's transaction.</summary>
    public async Task<Session> LockAsync(OmnimanDb db, IDatabaseDialect dialect, CancellationToken ct)
    {
        var channel = await ResolveChannelAsync(db, ct);
        return await dialect.LockSessionAsync(db, channel, Key, ct) ?? throw OmnimanException.NotFound("Session", Key);
    }
}
