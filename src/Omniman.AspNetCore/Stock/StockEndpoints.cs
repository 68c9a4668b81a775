using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Omniman.Access;
using Omniman.AspNetCore.Addressing;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.Common;
using Omniman.Stock;

namespace Omniman.AspNetCore.Stock;

public sealed record StockResponse(string Sku, decimal OnHand, decimal Held, decimal Available, bool Tracked);

public sealed record SetStockRequest([property: Required] decimal? OnHand, List<string>? Alternatives);

public sealed record AdjustStockRequest([property: Required] decimal? Delta, [property: Required] string? Reason);

internal static class StockEndpoints
{
    public static RouteGroupBuilder MapStock(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/stock").WithTags("Stock");
        group.MapGet("/{sku}", GetAsync).RequireAuthorization().WithName("getStock").WithSummary("Read stock").ProducesErrors("validation_error");
        group.MapPut("/{sku}", SetAsync).RequireScope(Scopes.Admin).WithName("setStock").WithSummary("Set stock").ProducesErrors("missing_field");
        group.MapPost("/{sku}/adjust", AdjustAsync).RequireScope(Scopes.Admin).WithName("adjustStock").WithSummary("Adjust stock")
            .ProducesErrors("missing_field");
        return group;
    }

    // The SKU comes from the raw path (RawPathValue), not from the bound route value alone, which cannot tell "A/B" from "A%2FB".
    static async Task<Ok<StockResponse>> GetAsync(string sku, HttpContext http, IStockBackend stock, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await stock.AvailabilityAsync(http.RouteSku(sku), ct)));

    static async Task<Ok<StockResponse>> SetAsync(string sku, HttpContext http, [FromBody] SetStockRequest? body, ManageStock manage, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await manage.SetAsync(http.RouteSku(sku), body?.OnHand, body?.Alternatives, ct)));

    static async Task<Ok<StockResponse>> AdjustAsync(string sku, HttpContext http, [FromBody] AdjustStockRequest? body, ManageStock manage, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await manage.AdjustAsync(http.RouteSku(sku), body?.Delta, body?.Reason, ct)));

    private static StockResponse ToResponse(StockAvailability a) =>
        new(a.Sku, Json.Normalize(a.OnHand), Json.Normalize(a.Held), Json.Normalize(a.Available), a.Tracked);
}
