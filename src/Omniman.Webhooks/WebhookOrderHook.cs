using System.Text.Json.Nodes;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Sessions;

namespace Omniman.Webhooks;

/// <summary>The order lifecycle and session ends as webhook events (docs/webhooks.md, Events).</summary>
public sealed class WebhookOrderHook(WebhookPublisher publisher) : IOrderHook
{
    public const string CancelledStatus = "cancelled";

    public async Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        var correlation = Correlations.Order(lifecycleEvent.OrderRef);
        switch (lifecycleEvent)
        {
            case OrderCreated created:
                await publisher.PublishAsync(WebhookEventTypes.OrderCreated, created.Channel, created.AtUtc, new JsonObject
                {
                    ["order_ref"] = created.OrderRef,
                    ["channel_code"] = created.Channel.Code,
                    ["session_key"] = created.Order.SessionKey,
                    ["status"] = created.Status,
                    ["total_q"] = created.Order.TotalQ,
                    ["currency"] = created.Order.Currency,
                    ["handle_type"] = created.Order.HandleType,
                    ["handle_ref"] = created.Order.HandleRef,
                    ["external_ref"] = created.Order.ExternalRef,
                }, correlation, ct);
                break;
            case OrderStatusChanged moved:
                var data = new JsonObject
                {
                    ["order_ref"] = moved.OrderRef,
                    ["channel_code"] = moved.Channel.Code,
                    ["from"] = moved.From,
                    ["to"] = moved.To,
                    ["status"] = moved.To,
                    ["actor"] = moved.Actor,
                    ["reason"] = moved.Reason,
                    ["total_q"] = moved.Order.TotalQ,
                    ["currency"] = moved.Order.Currency,
                };
                await publisher.PublishAsync(WebhookEventTypes.OrderStatusChanged, moved.Channel, moved.AtUtc, data, correlation, ct);
                if (moved.To == CancelledStatus)
                    await publisher.PublishAsync(WebhookEventTypes.OrderCancelled, moved.Channel, moved.AtUtc, (JsonObject)data.DeepClone(), correlation, ct);
                break;
            case OrderEventAppended appended when WebhookEventTypes.FromOrderLog.Contains(appended.Event.Type):
                var payload = (JsonObject)appended.Event.Payload.DeepClone();
                payload["order_ref"] = appended.OrderRef;
                payload["channel_code"] = appended.Channel.Code;
                await publisher.PublishAsync(appended.Event.Type, appended.Channel, appended.AtUtc, payload, correlation, ct);
                break;
        }
    }
}

/// <summary><c>session.abandoned</c>, in the abandon's transaction.</summary>
public sealed class WebhookSessionHook(WebhookPublisher publisher, Omniman.Channels.ChannelDirectory channels, Omniman.Persistence.OmnimanDb db,
    TimeProvider clock) : ISessionHook
{
    public Task OnCommittingAsync(Session session, Order order, CancellationToken ct) => Task.CompletedTask;

    public async Task OnAbandoningAsync(Session session, CancellationToken ct) =>
        await publisher.PublishAsync(WebhookEventTypes.SessionAbandoned, await channels.GetAsync(db, session.ChannelCode, ct),
            clock.GetUtcNow().UtcDateTime, new JsonObject
            {
                ["channel_code"] = session.ChannelCode,
                ["session_key"] = session.SessionKey,
                ["handle_type"] = session.HandleType,
                ["handle_ref"] = session.HandleRef,
                ["total_q"] = session.TotalQ,
            }, Correlations.Session(session.ChannelCode, session.SessionKey), ct);
}
