using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.OpenApi;
using Omniman.Persistence;

namespace Omniman.Webhooks.Http;

public sealed record SubscriptionRequest([property: System.ComponentModel.DataAnnotations.Required] string? Url,
    [property: System.ComponentModel.DataAnnotations.Required] IReadOnlyList<string>? Events, IReadOnlyList<string>? Channels, string? Description);

/// <summary>A subscription on the wire; <c>secret</c> only in the answer that created it.</summary>
public sealed record SubscriptionResponse(string Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string>? Channels,
    string? Description, string Status, string? PausedReason, DateTime? FailingSince, DateTime CreatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);

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
        group.MapPost("/subscriptions", CreateAsync).WithName("createWebhookSubscription").WithSummary("Subscribe a URL to events")
            .ProducesErrors("missing_field", "validation_error")
            .WithExample(WebhookExamples.SubscriptionRequest, WebhookExamples.NewSubscription);
        group.MapGet("/subscriptions", ListAsync).WithName("listWebhookSubscriptions").WithSummary("List subscriptions")
            .WithExample(null, $$"""{"results": [{{WebhookExamples.Subscription}}]}""");
        group.MapGet("/subscriptions/{id}", GetAsync).WithName("getWebhookSubscription").WithSummary("Read a subscription")
            .ProducesErrors("not_found").WithExample(null, WebhookExamples.Subscription);
        group.MapPost("/subscriptions/{id}/pause", PauseAsync).WithName("pauseWebhookSubscription").WithSummary("Pause a subscription")
            .ProducesErrors("not_found").WithExample(null, WebhookExamples.Paused);
        group.MapPost("/subscriptions/{id}/resume", ResumeAsync).WithName("resumeWebhookSubscription").WithSummary("Resume a subscription")
            .ProducesErrors("not_found").WithExample(null, WebhookExamples.Subscription);
        group.MapDelete("/subscriptions/{id}", DeleteAsync).WithName("deleteWebhookSubscription").WithSummary("Delete a subscription")
            .ProducesErrors("not_found");
        group.MapGet("/subscriptions/{id}/deliveries", DeliveriesAsync).WithName("listWebhookDeliveries").WithSummary("A subscription's delivery log, newest first")
            .ProducesErrors("not_found").WithExample(null, $$"""{"results": [{{WebhookExamples.Delivery}}]}""");
        group.MapPost("/deliveries/{id}/redeliver", RedeliverAsync).WithName("redeliverWebhook").WithSummary("Send a delivery again")
            .ProducesErrors("not_found").WithExample(null, WebhookExamples.Delivery.Replace("\"delivered\"", "\"pending\"", StringComparison.Ordinal));
        return app;
    }

    static async Task<Created<SubscriptionResponse>> CreateAsync([FromBody] SubscriptionRequest? body, ManageSubscriptions manage, CancellationToken ct)
    {
        var subscription = await manage.CreateAsync(body?.Url, body?.Events, body?.Channels, body?.Description, ct);
        return TypedResults.Created($"/api/webhooks/subscriptions/{subscription.Id}", subscription.ToResponse() with { Secret = subscription.Secret });
    }

    static async Task<Ok<SubscriptionResponse>> PauseAsync(string id, ManageSubscriptions manage, CancellationToken ct) =>
        TypedResults.Ok((await manage.PauseAsync(id, ct)).ToResponse());

    static async Task<Ok<SubscriptionResponse>> ResumeAsync(string id, ManageSubscriptions manage, CancellationToken ct) =>
        TypedResults.Ok((await manage.ResumeAsync(id, ct)).ToResponse());

    static async Task<NoContent> DeleteAsync(string id, ManageSubscriptions manage, CancellationToken ct)
    {
        await manage.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<Accepted<DeliveryResponse>> RedeliverAsync(string id, ManageSubscriptions manage, CancellationToken ct) =>
        TypedResults.Accepted($"/api/webhooks/deliveries/{id}", (await manage.RedeliverAsync(id, ct)).ToResponse());

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
