using System.Collections.Concurrent;

namespace Omniman.Webhooks;

/// <summary>
/// How many deliveries each subscription has in flight in this process. A receiver that answers
/// slowly gets at most <see cref="WebhookOptions.MaxInFlightPerSubscription"/> of the worker's
/// outbound lanes; its other deliveries step aside, so other subscriptions' deliveries keep flowing.
/// </summary>
public sealed class SubscriptionLoad
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public bool TryEnter(string subscriptionId, int max)
    {
        while (true)
        {
            if (!_inFlight.TryGetValue(subscriptionId, out var now))
            {
                if (_inFlight.TryAdd(subscriptionId, 1)) return true;
                continue;   // another delivery of it came in first
            }
            if (now >= max) return false;
            if (_inFlight.TryUpdate(subscriptionId, now + 1, now)) return true;
        }
    }

    public void Exit(string subscriptionId) => _inFlight.AddOrUpdate(subscriptionId, 0, (_, n) => Math.Max(0, n - 1));
}
