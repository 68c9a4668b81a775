using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Caching;
using Omniman.Persistence;

namespace Omniman.Webhooks;

/// <summary>Creates, pauses, resumes and deletes subscriptions, and sends a delivery again (docs/webhooks.md).</summary>
public sealed class ManageSubscriptions(OmnimanDb db, CacheInvalidation invalidation, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public async Task<WebhookSubscription> CreateAsync(string? url, IReadOnlyList<string>? events, IReadOnlyList<string>? channels,
        string? description, CancellationToken ct)
    {
        var target = ValidUrl(url);
        if (events is null || events.Count == 0) throw OmnimanException.MissingField("events");
        foreach (var type in events)
        {
            if (!WebhookEventTypes.All.Contains(type))
                throw OmnimanException.Invalid("events", $"Unknown event '{type}'; events are {string.Join(", ", WebhookEventTypes.All)}.");
        }
        if (channels is { Count: 0 }) throw OmnimanException.Invalid("channels", "'channels' lists at least one channel; leave it out for all.");
        Text.EnsureAtMost("description", description, WebhookSubscription.MaxDescriptionLength);
        var subscription = WebhookSubscription.Create(target, [.. events.Distinct()], channels?.Distinct().ToList(), description,
            clock.GetUtcNow().UtcDateTime);
        db.Add(subscription);
        await db.SaveChangesAsync(ct);
        await invalidation.InvalidateAsync(CacheKeys.WebhookSubscriptions, ct);
        return subscription;
    }

    public async Task<WebhookSubscription> PauseAsync(string id, CancellationToken ct) =>
        await ChangeAsync(id, s => s.Pause("paused by an admin", clock.GetUtcNow().UtcDateTime), ct);

    public async Task<WebhookSubscription> ResumeAsync(string id, CancellationToken ct) =>
        await ChangeAsync(id, s => s.Resume(clock.GetUtcNow().UtcDateTime), ct);

    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        var subscription = await FindAsync(id, ct);
        db.Remove(subscription);
        await db.SaveChangesAsync(ct);
        await invalidation.InvalidateAsync(CacheKeys.WebhookSubscriptions, ct);
    }

    /// <summary>Sends a delivery again, whatever became of it: the same event id and body, a new directive.</summary>
    public async Task<WebhookDelivery> RedeliverAsync(string deliveryId, CancellationToken ct)
    {
        var delivery = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId, ct)
            ?? throw OmnimanException.NotFound("Delivery", deliveryId);
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Redeliver(now);
        db.Add(Directive.Create(WebhookPublisher.DeliverTopic, new System.Text.Json.Nodes.JsonObject { ["delivery_id"] = delivery.Id }, now));
        await db.SaveChangesAsync(ct);
        return delivery;
    }

    public async Task<WebhookSubscription> FindAsync(string id, CancellationToken ct) =>
        await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw OmnimanException.NotFound("Subscription", id);

    private async Task<WebhookSubscription> ChangeAsync(string id, Action<WebhookSubscription> change, CancellationToken ct)
    {
        var subscription = await FindAsync(id, ct);
        change(subscription);
        await db.SaveChangesAsync(ct);
        await invalidation.InvalidateAsync(CacheKeys.WebhookSubscriptions, ct);
        return subscription;
    }

    /// <summary>An absolute http(s) URL; an address literal on a private network is refused here already, a name when it is resolved.</summary>
    private Uri ValidUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) throw OmnimanException.MissingField("url");
        if (!Text.Fits(url, WebhookSubscription.MaxUrlLength) || !Uri.TryCreate(url, UriKind.Absolute, out var target)
            || target.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(target.UserInfo))
            throw OmnimanException.Invalid("url", "'url' is an absolute http or https URL without credentials.");
        if (!options.Value.AllowPrivateNetworks && IPAddress.TryParse(target.IdnHost.Trim('[', ']'), out var address) && PrivateNetworks.IsPrivate(address))
            throw OmnimanException.Invalid("url", "'url' is on a private or loopback network; set Omniman:Webhooks:AllowPrivateNetworks to allow it.");
        return target;
    }
}
