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
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Payments.Http;

public static class PaymentEndpoints
{
    /// <summary>Payments on sessions and refunds on orders (docs/payments.md).</summary>
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions/{key}/payments", AuthorizeAsync).WithTags("Payments").RequireScope(Scopes.SessionsWrite)
            .WithName("authorizePayment").WithSummary("Authorize a payment for what the session's total still lacks")
            .ProducesErrors("not_found", "ambiguous_session", "already_committed", "already_abandoned", "payment_not_needed", "validation_error",
                "payment_gateway_refused", "payment_gateway_unavailable")
            .WithExample("""{"channel_code": "shop", "method": "pm_card_visa"}""", PaymentExamples.Payment);
        app.MapPost("/api/orders/{ref}/refunds", RefundAsync).WithTags("Payments").RequireScope(Scopes.OrdersWrite)
            .WithName("refundOrder").WithSummary("Refund part or all of what an order's payments captured")
            .ProducesErrors("not_found", "missing_field", "validation_error", "refund_exceeds_captured")
            .WithExample("""{"amount_q": 1200, "reason": "requested_by_customer"}""", PaymentExamples.Refunds);
        return app;
    }

    static async Task<Created<PaymentResponse>> AuthorizeAsync(string key, [FromBody] AuthorizeRequestBody? body, AuthorizeSessionPayment authorize,
        OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        var channel = await new SessionRef(body?.ChannelCode, key).ResolveChannelAsync(db, ct, http.AllowedChannels());
        var authorized = await authorize.ExecuteAsync(new SessionRef(channel, key), body?.Backend, body?.Method, ct);
        return TypedResults.Created($"/api/sessions/{Uri.EscapeDataString(key)}", authorized.Payment.ToResponse(authorized.ClientSecret));
    }

    static async Task<Created<RefundsResponse>> RefundAsync(string @ref, [FromBody] RefundRequestBody? body, RequestRefund refund,
        OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        var channel = await db.Orders.Where(o => o.Ref == @ref).Select(o => o.ChannelCode).FirstOrDefaultAsync(ct)
            ?? throw OmnimanException.NotFound("Order", @ref);
        http.EnsureVisible(channel, "Order", @ref);
        var refunds = await refund.ExecuteAsync(@ref, body?.AmountQ, body?.Reason, http.Actor(), ct);
        return TypedResults.Created($"/api/orders/{Uri.EscapeDataString(@ref)}",
            new RefundsResponse(@ref, refunds.Sum(r => r.AmountQ), [.. refunds.Select(r => r.ToResponse())]));
    }
}
