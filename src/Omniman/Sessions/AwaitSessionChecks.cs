using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>
/// Reads a session once the checks its channel requires have landed for its current rev, once it
/// is no longer open, or when the wait is up, whichever comes first: one request in place of a
/// client polling. A commit in this process that changes the session wakes the wait at once;
/// changes made by other processes (a separate worker) are seen at the next re-read.
/// </summary>
public sealed class AwaitSessionChecks(OmnimanDb db, ChannelDirectory channels, SessionWaits waits)
{
    /// <summary>The longest wait a request may ask for.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    /// <summary>How often the session is read again when no pulse comes.</summary>
    public static readonly TimeSpan RereadEvery = TimeSpan.FromMilliseconds(50);

    public async Task<Session> ExecuteAsync(string channelCode, string sessionKey, TimeSpan wait, CancellationToken ct)
    {
        var config = (await channels.GetAsync(db, channelCode, ct)).Settings;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var change = waits.NextChangeAsync(channelCode, sessionKey);
            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.ChannelCode == channelCode && s.SessionKey == sessionKey, ct)
                ?? throw OmnimanException.NotFound("Session", sessionKey);
            var left = wait - waited.Elapsed;
            if (!session.IsOpen || session.ChecksLanded(config) || left <= TimeSpan.Zero)
            {
                waits.Forget(channelCode, sessionKey, change);
                return session;
            }
            await Task.WhenAny(change, Task.Delay(left < RereadEvery ? left : RereadEvery, ct));
            ct.ThrowIfCancellationRequested();
        }
    }
}
