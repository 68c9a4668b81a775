using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>
/// Reads a session once the checks its channel requires have landed for its current rev, once it
/// is no longer open, or when the wait is up, whichever comes first: one request in place of a
/// client polling. A commit in this process that changes the session wakes the wait at once;
/// changes made by other processes are seen at the next re-read.
/// </summary>
public sealed class AwaitSessionChecks(OmnimanDb db, ChannelDirectory channels, SessionWaits waits, IOptions<WorkerOptions> worker)
{
    /// <summary>The longest wait a request may ask for.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    /// <summary>The first re-read when no pulse comes.</summary>
    public static readonly TimeSpan FirstReread = TimeSpan.FromMilliseconds(50);
    /// <summary>
    /// The longest gap between re-reads while this process runs the worker: its check results pulse
    /// the wait, so re-reads only catch what other processes write, and they back off to this.
    /// Without a worker here every check comes from elsewhere, and re-reads stay at <see cref="FirstReread"/>.
    /// </summary>
    public static readonly TimeSpan LongestReread = TimeSpan.FromMilliseconds(800);

    public async Task<Session> ExecuteAsync(string channelCode, string sessionKey, TimeSpan wait, CancellationToken ct)
    {
        var config = (await channels.GetAsync(db, channelCode, ct)).Settings;
        var waited = Stopwatch.StartNew();
        var reread = FirstReread;
        while (true)
        {
            var change = waits.NextChangeAsync(channelCode, sessionKey);
            var session = await db.ReadSessionAsync(channelCode, sessionKey, ct)
                ?? throw OmnimanException.NotFound("Session", sessionKey);
            var left = wait - waited.Elapsed;
            if (!session.IsOpen || session.ChecksLanded(config) || left <= TimeSpan.Zero)
            {
                waits.Forget(channelCode, sessionKey, change);
                return session;
            }
            await Task.WhenAny(change, Task.Delay(left < reread ? left : reread, ct));
            ct.ThrowIfCancellationRequested();
            if (worker.Value.Enabled && reread < LongestReread) reread *= 2;
        }
    }
}
