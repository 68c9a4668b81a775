using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Webhooks.Email;

namespace Omniman.Webhooks;

/// <summary>
/// Turns one event into its deliveries, in the transaction of the change that caused it: a delivery
/// row and a <c>webhook.deliver</c> directive per subscription that wants it, and an
/// <c>email.send</c> directive per matching rule of the channel's <c>notifications</c>. Nothing is
/// sent here; the directives send, at least once, after the change commits.
/// </summary>
public sealed class WebhookPublisher(OmnimanDb db, SubscriptionDirectory subscriptions)
{
    public const string DeliverTopic = "webhook.deliver";

    public async Task PublishAsync(string type, Channel? channel, DateTime atUtc, JsonObject data, string correlation, CancellationToken ct)
    {
        var wanting = (await subscriptions.ActiveAsync(db, ct)).Where(s => s.Wants(type, channel?.Code)).ToList();
        var emails = channel is null ? [] : EmailRules.Of(channel).Where(r => r.Events.Contains(type)).ToList();
        if (wanting.Count == 0 && emails.Count == 0) return;
        var webhookEvent = WebhookEvent.Create(type, channel?.Code, atUtc, data);
        foreach (var subscription in wanting)
        {
            var delivery = WebhookDelivery.For(subscription, webhookEvent, atUtc);
            db.Add(delivery);
            db.Add(Directive.Create(DeliverTopic, new JsonObject { ["delivery_id"] = delivery.Id }, atUtc, correlation));
        }
        foreach (var rule in emails) db.Add(rule.Message(webhookEvent, data, atUtc, correlation));
    }
}
