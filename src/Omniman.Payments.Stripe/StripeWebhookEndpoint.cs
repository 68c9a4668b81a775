using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.OpenApi;
using Omniman.Common;

namespace Omniman.Payments.Stripe;

/// <summary>What the webhook endpoint did with an event: <c>applied</c>, <c>duplicate</c>, <c>unknown_payment</c> or <c>ignored</c>.</summary>
public sealed record StripeWebhookResponse(string Received);

public static class StripeWebhookEndpoint
{
    /// <summary>
    /// <c>POST /api/webhooks/stripe</c> (docs/payments.md, "Stripe"): anonymous, trusted by its
    /// <c>Stripe-Signature</c> over the raw body alone; a bad signature is a 400 Stripe retries.
    /// </summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/stripe", ReceiveAsync).WithTags("Payments").AllowAnonymous()
            .WithName("receiveStripeEvent").WithSummary("Receive a signed Stripe event").ProducesErrors("invalid_signature")
            .WithExample(null, """{"received": "applied"}""");
        return app;
    }

    static async Task<Ok<StripeWebhookResponse>> ReceiveAsync(HttpRequest request, StripeWebhookReader reader, ApplyPaymentNotice apply,
        CancellationToken ct)
    {
        // The signature covers the exact bytes Stripe sent: read them as they are, never a re-serialized body.
        using var body = new StreamReader(request.Body);
        var raw = await body.ReadToEndAsync(ct);
        GatewayNotice? notice;
        try
        {
            notice = reader.Read(raw, request.Headers["Stripe-Signature"].ToString() is { Length: > 0 } header ? header : null);
        }
        catch (StripeWebhookException ex)
        {
            throw new OmnimanException("invalid_signature", ex.Message);
        }
        if (notice is null) return TypedResults.Ok(new StripeWebhookResponse("ignored"));
        var outcome = await apply.ExecuteAsync("stripe", notice, ct);
        return TypedResults.Ok(new StripeWebhookResponse(outcome switch
        {
            NoticeOutcome.Duplicate => "duplicate",
            NoticeOutcome.UnknownPayment => "unknown_payment",
            _ => "applied",
        }));
    }
}
