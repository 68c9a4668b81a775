using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.Persistence;

namespace Omniman.Webhooks.Http;

public sealed record SubscriptionRequest(string? Url, IReadOnlyList<string>? Events, IReadOnlyList<string>? Channels, string? Description);

/// <summary>A subscription on the wire; <c>secret</c> only in the answer that created it.</summary>
public sealed record SubscriptionResponse(string Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string>? Channels,
    string? Description, string Status, string? PausedReason, DateTime? FailingSince, DateTime CreatedAt, string? Secret = null);

public sealed record DeliveryResponse(string Id, string SubscriptionId, string EventId, string EventType, string Status, int Attempts,
    int? ResponseCode, string? Error, int? DurationMs, DateTime CreatedAt, DateTime? DeliveredAt);

public sealed record SubscriptionList(IReadOnlyList<SubscriptionResponse> Results);

public sealed record DeliveryList(IReadOnlyList<DeliveryResponse> Results);

public static class WebhookEndpoints
{
    /// <summary>Subscriptions and their delivery log (docs/webhooks.md), for admin keys.</summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireScope(Scopes.Admin);
        group.MapPost("/subscriptions", CreateAsync);
        group.MapGet("/subscriptions", ListAsync);
        group.MapGet("/subscriptions/{id}", GetAsync);
        group.MapPost("/subscriptions/{id}/pause", async (string id, ManageSubscriptions manage, CancellationToken ct) =>
            TypedResults.Ok((await manage.PauseAsync(id, ct)).ToResponse()));
        group.MapPost("/subscriptions/{id}/resume", async (string id, ManageSubscriptions manage, CancellationToken ct) =>
            TypedResults.Ok((await manage.ResumeAsync(id, ct)).ToResponse()));
        group.MapDelete("/subscriptions/{id}", async (string id, ManageSubscriptions manage, CancellationToken ct) =>
        {
            await manage.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        group.MapGet("/subscriptions/{id}/deliveries", DeliveriesAsync);
        group.MapPost("/deliveries/{id}/redeliver", async (string id, ManageSubscriptions manage, CancellationToken ct) =>
            TypedResults.Accepted($"/api/webhooks/deliveries/{id}", (await manage.RedeliverAsync(id, ct)).ToResponse()));
        return app;
    }

    static async Task<Created<SubscriptionResponse>> CreateAsync([FromBody] SubscriptionRequest? body, ManageSubscriptions manage, CancellationToken ct)
    {
        var subscription = await manage.CreateAsync(body?.Url, body?.Events, body?.Channels, body?.Description, ct);
        return TypedResults.Created($"/api/webhooks/subscriptions/{subscription.Id}", subscription.ToResponse() with { Secret = subscription.Secret });
    }

    static async Task<Ok<SubscriptionList>> ListAsync(OmnimanDb db, CancellationToken ct) =>
        TypedResults.Ok(new SubscriptionList([.. (await db.Set<WebhookSubscription>().AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(ct)).Select(s => s.ToResponse())]));

    static async Task<Ok<SubscriptionResponse>> GetAsync(string id, ManageSubscriptions manage, CancellationToken ct) =>
        TypedResults.Ok((await manage.FindAsync(id, ct)).ToResponse());

    /// <summary>The newest deliveries first, at most <c>limit</c> (default 50, at most 500).</summary>
    static async Task<Ok<DeliveryList>> DeliveriesAsync(string id, int? limit, ManageSubscriptions manage, OmnimanDb db, CancellationToken ct)
    {
        await manage.FindAsync(id, ct);
        var take = Math.Clamp(limit ?? 50, 1, 500);
        var deliveries = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new DeliveryList([.. deliveries.Select(d => d.ToResponse())]));
    }

    private static SubscriptionResponse ToResponse(this WebhookSubscription s) =>
        new(s.Id, s.Url, s.Events, s.Channels, s.Description, s.Status, s.PausedReason, s.FailingSince, s.CreatedAt);

    private static DeliveryResponse ToResponse(this WebhookDelivery d) =>
        new(d.Id, d.SubscriptionId, d.EventId, d.EventType, d.Status, d.Attempts, d.ResponseCode, d.Error, d.DurationMs, d.CreatedAt, d.DeliveredAt);
}
