using System.Collections.Concurrent;

namespace Omniman.Sessions;

/// <summary>
/// Lets a request wait for a session to change: a committed change to a session in this process
/// pulses its waiters. It only hastens them; waiters also re-read on their own schedule, which is
/// how they see changes other processes make.
/// </summary>
public sealed class SessionWaits
{
    private readonly ConcurrentDictionary<(string Channel, string Key), TaskCompletionSource> _waiters = new();

    /// <summary>Completes at the session's next pulse. Take it before reading the session, so no change falls between.</summary>
    public Task NextChangeAsync(string channelCode, string sessionKey) =>
        _waiters.GetOrAdd((channelCode, sessionKey), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Pulse(string channelCode, string sessionKey)
    {
        if (_waiters.TryRemove((channelCode, sessionKey), out var waiters)) waiters.TrySetResult();
    }

    /// <summary>
    /// A waiter that gives up drops its entry, unless a pulse or a newer waiter replaced it already.
    /// Another waiter of the same session then falls back to re-reading on its schedule.
    /// </summary>
    public void Forget(string channelCode, string sessionKey, Task change)
    {
        var key = (channelCode, sessionKey);
        if (_waiters.TryGetValue(key, out var current) && current.Task == change) _waiters.TryRemove(KeyValuePair.Create(key, current));
    }
}
