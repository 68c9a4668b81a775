using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Paging;
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Pricing;

namespace Omniman.AspNetCore.Pricing;

public sealed record ProductResponse(string Sku, string Name, long PriceQ, bool IsActive, IReadOnlyDictionary<string, long> ChannelPrices,
    DateTime CreatedAt, DateTime UpdatedAt);

internal static class ProductEndpoints
{
    public static RouteGroupBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Products");
        group.MapGet("/", ListAsync).RequireAuthorization();
        group.MapGet("/{sku}", GetAsync).RequireAuthorization();
        group.MapPut("/{sku}", SaveAsync).RequireScope(Scopes.Admin);
        return group;
    }

    static Task<CursorPage<ProductResponse>> ListAsync(bool? is_active, OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking();
        if (is_active is { } active) query = query.Where(p => p.IsActive == active);
        return query.PageAsync(p => p.Id, http.Request, ToResponse, ct);
    }

    static async Task<Ok<ProductResponse>> GetAsync(string sku, OmnimanDb db, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct)
            ?? throw OmnimanException.NotFound("Product", sku)));

    static async Task<Results<Created<ProductResponse>, Ok<ProductResponse>>> SaveAsync(string sku, [FromBody] ProductDefinition? body,
        ManageCatalog catalog, CancellationToken ct)
    {
        var (product, created) = await catalog.SaveProductAsync(sku, body ?? new(null, null, null, null), ct);
        return created
            ? TypedResults.Created($"/api/products/{Uri.EscapeDataString(sku)}", ToResponse(product))
            : TypedResults.Ok(ToResponse(product));
    }

    private static ProductResponse ToResponse(Product p) => new(p.Sku, p.Name, p.PriceQ, p.IsActive, p.ChannelPrices, p.CreatedAt, p.UpdatedAt);
}
