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
        group.MapGet("/", ListAsync).RequireAuthorization().WithName("listProducts").WithSummary("List products").Paged();
        group.MapGet("/{sku}", GetAsync).RequireAuthorization().WithName("getProduct").WithSummary("Read a product")
            .ProducesErrors("validation_error", "not_found");
        group.MapPut("/{sku}", SaveAsync).RequireScope(Scopes.Admin).WithName("saveProduct").WithSummary("Save a product").ProducesErrors("missing_field");
        return group;
    }

    static Task<CursorPage<ProductResponse>> ListAsync(bool? is_active, OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking();
        if (is_active is { } active) query = query.Where(p => p.IsActive == active);
        return query.PageAsync(p => p.Id, http.Request, ToResponse, ct);
    }

    // The SKU comes from the raw path (RawPathValue), not from the bound route value alone, which cannot tell "A/B" from "A%2FB".
    static async Task<Ok<ProductResponse>> GetAsync(string sku, HttpContext http, OmnimanDb db, CancellationToken ct)
    {
        sku = http.RouteSku(sku);
        return TypedResults.Ok(ToResponse(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct)
            ?? throw OmnimanException.NotFound("Product", sku)));
    }

    static async Task<Results<Created<ProductResponse>, Ok<ProductResponse>>> SaveAsync(string sku, HttpContext http, [FromBody] ProductDefinition? body,
        ManageCatalog catalog, CancellationToken ct)
    {
        sku = http.RouteSku(sku);
        var (product, created) = await catalog.SaveProductAsync(sku, body ?? new(null, null, null, null), ct);
        return created
            ? TypedResults.Created($"/api/products/{Uri.EscapeDataString(sku)}", ToResponse(product))
            : TypedResults.Ok(ToResponse(product));
    }

    private static ProductResponse ToResponse(Product p) => new(p.Sku, p.Name, p.PriceQ, p.IsActive, p.ChannelPrices, p.CreatedAt, p.UpdatedAt);
}
