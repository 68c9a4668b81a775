using System.Text.Json.Nodes;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Orders;

/// <summary>
/// The channel's <c>on_status</c>: when an order enters a status (its initial one at creation
/// included), the topics listed for it are queued as directives in the same transaction.
/// </summary>
internal sealed class OnStatusDirectives(OmnimanDb db) : IOrderHook
{
    public Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        var (status, previous) = lifecycleEvent switch
        {
            OrderCreated created => (created.Status, (string?)null),
            OrderStatusChanged moved => (moved.To, moved.From),
            _ => (null, null),
        };
        if (status is null || !lifecycleEvent.Channel.Settings.OnStatus.TryGetValue(status, out var topics)) return Task.CompletedTask;
        foreach (var topic in topics)
        {
            db.Directives.Add(Directive.Create(topic, new JsonObject
            {
                ["order_ref"] = lifecycleEvent.OrderRef,
                ["channel_code"] = lifecycleEvent.Channel.Code,
                ["status"] = status,
                ["previous_status"] = previous,
            }, lifecycleEvent.AtUtc, Correlations.Order(lifecycleEvent.OrderRef)));
        }
        return Task.CompletedTask;
    }
}
