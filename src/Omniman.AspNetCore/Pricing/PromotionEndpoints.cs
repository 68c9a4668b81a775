using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Addressing;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.Paging;
using Omniman.Persistence;
using Omniman.Pricing;

namespace Omniman.AspNetCore.Pricing;

public sealed record PromotionResponse(string Code, decimal? PercentOff, long? AmountOffQ, IReadOnlyList<string>? Skus, long? MinSubtotalQ,
    DateTime? ValidFrom, DateTime? ValidUntil, int? UsageLimit, int UsageCount, DateTime CreatedAt);

internal static class PromotionEndpoints
{
    public static RouteGroupBuilder MapPromotions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/promotions").WithTags("Promotions");
        group.MapGet("/", ListAsync).RequireAuthorization().WithName("listPromotions").WithSummary("List promotions").Paged();
        group.MapGet("/{code}", GetAsync).RequireAuthorization().WithName("getPromotion").WithSummary("Read a promotion")
            .ProducesErrors("validation_error", "not_found");
        group.MapPost("/", CreateAsync).RequireScope(Scopes.Admin).WithName("createPromotion").WithSummary("Create a promotion")
            .ProducesErrors("missing_field", "promotion_exists");
        group.MapDelete("/{code}", DeleteAsync).RequireScope(Scopes.Admin).WithName("deletePromotion").WithSummary("Delete a promotion")
            .ProducesErrors("validation_error", "not_found");
        return group;
    }

    static Task<CursorPage<PromotionResponse>> ListAsync(OmnimanDb db, HttpContext http, CancellationToken ct) =>
        db.Promotions.AsNoTracking().PageAsync(p => p.Id, http.Request, ToResponse, ct);

    // A code, like a SKU, may hold '/' or '%': read from the raw path (RawPathValue), so the Location answered is one that works.
    static async Task<Ok<PromotionResponse>> GetAsync(string code, OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        code = RawPathValue.Read(http, "code", code);
        return TypedResults.Ok(ToResponse(await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct)
            ?? throw Common.OmnimanException.NotFound("Promotion", code)));
    }

    static async Task<Created<PromotionResponse>> CreateAsync([FromBody] PromotionDefinition? body, ManageCatalog catalog, CancellationToken ct)
    {
        var promotion = await catalog.CreatePromotionAsync(body ?? new(null, null, null, null, null, null, null, null), ct);
        return TypedResults.Created($"/api/promotions/{Uri.EscapeDataString(promotion.Code)}", ToResponse(promotion));
    }

    static async Task<NoContent> DeleteAsync(string code, ManageCatalog catalog, HttpContext http, CancellationToken ct)
    {
        await catalog.DeletePromotionAsync(RawPathValue.Read(http, "code", code), ct);
        return TypedResults.NoContent();
    }

    private static PromotionResponse ToResponse(Promotion p) =>
        new(p.Code, p.PercentOff, p.AmountOffQ, p.Skus, p.MinSubtotalQ, p.ValidFrom, p.ValidUntil, p.UsageLimit, p.UsageCount, p.CreatedAt);
}
