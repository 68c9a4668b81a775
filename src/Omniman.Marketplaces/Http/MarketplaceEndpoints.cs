using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.OpenApi;
using Omniman.Common;

namespace Omniman.Marketplaces.Http;

/// <summary>What a webhook delivery came to: how many events it held and how many were new to the inbox.</summary>
public sealed record WebhookReceipt(int Received, int Stored);

/// <summary>A request to cancel a marketplace order; the marketplace's event completes it.</summary>
public sealed record CancellationRequestBody(string? Reason);

/// <summary>The cancellation was asked for; <c>status</c> is <c>requested</c> until the marketplace's event says what became of it.</summary>
public sealed record CancellationRequestResponse(string OrderRef, string Provider, string OrderId, string Status);

public static class MarketplaceEndpoints
{
    /// <summary>
    /// <c>POST /api/webhooks/{provider}</c> for each marketplace set up (anonymous, trusted by its signature over
    /// the raw body), and <c>POST /api/orders/{ref}/marketplace/cancellation</c> (docs/marketplaces.md).
    /// </summary>
    public static IEndpointRouteBuilder MapMarketplaces(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{provider}", ReceiveAsync).WithTags("Marketplaces").AllowAnonymous()
            .WithName("receiveMarketplaceEvents").WithSummary("Receive a marketplace's signed events")
            .Produces<WebhookReceipt>(StatusCodes.Status200OK).Produces<WebhookReceipt>(StatusCodes.Status202Accepted)
            .ProducesErrors("not_found", "invalid_signature")
            .WithExample(null, """{"received": 1, "stored": 1}""");
        app.MapPost("/api/orders/{ref}/marketplace/cancellation", RequestCancellationAsync).WithTags("Marketplaces").RequireScope(Scopes.OrdersWrite)
            .WithName("requestMarketplaceCancellation").WithSummary("Ask the marketplace to cancel an order")
            .ProducesErrors("not_found", "not_marketplace_order", "terminal_status")
            .WithExample("""{"reason": "kitchen closed"}""",
                """{"order_ref": "ORD-20251218-3TDZMH", "provider": "ifood", "order_id": "e5f3c1a2-7b9d-4c8e-a1f0-2d3b4c5e6f70", "status": "requested"}""");
        return app;
    }

    /// <summary>
    /// Checks the signature, stores the events with their directives, and answers: nothing else happens before
    /// the answer, so it comes well within the marketplace's deadline (iFood's 5 s) whatever the load.
    /// </summary>
    static async Task<IResult> ReceiveAsync(string provider, HttpRequest request, MarketplaceAdapters adapters, StoreInboundEvents store,
        CancellationToken ct)
    {
        if (adapters.Find(provider) is not { } adapter)
            throw new OmnimanException("not_found", $"No marketplace '{provider}' is set up on this server.", new { provider });
        // The signature covers the exact bytes sent: read them as they are, before any parsing.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        WebhookReading reading;
        try
        {
            reading = adapter.ReadWebhook(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), request.Headers);
        }
        catch (MarketplaceSignatureException ex)
        {
            throw new OmnimanException("invalid_signature", ex.Message);
        }
        var stored = await store.ExecuteAsync(provider, reading.Events, ct);
        return TypedResults.Json(new WebhookReceipt(reading.Events.Count, stored), statusCode: reading.StatusCode);
    }

    static async Task<Accepted<CancellationRequestResponse>> RequestCancellationAsync(string @ref, [FromBody] CancellationRequestBody? body,
        RequestMarketplaceCancellation request, HttpContext http, CancellationToken ct)
    {
        var link = await request.ExecuteAsync(@ref, body?.Reason, http.Actor(), ct);
        return TypedResults.Accepted($"/api/orders/{Uri.EscapeDataString(@ref)}", new CancellationRequestResponse(@ref, link.Provider, link.OrderId, "requested"));
    }
}
