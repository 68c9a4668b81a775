using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.Paging;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Orders;

internal static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").WithTags("Orders");
        group.MapGet("/", ListAsync).RequireScope(Scopes.OrdersRead).WithName("listOrders").WithSummary("List orders").Paged();
        group.MapGet("/stream", StreamAsync).RequireScope(Scopes.OrdersRead).WithName("pollOrders").WithSummary("Poll new orders").Paged(cursor: false);
        group.MapGet("/{ref}", GetAsync).RequireScope(Scopes.OrdersRead).WithName("getOrder").WithSummary("Read an order")
            .ProducesErrors("not_found");
        group.MapPost("/{ref}/transition", TransitionAsync).RequireScope(Scopes.OrdersWrite).WithName("transitionOrder").WithSummary("Move an order")
            .ProducesErrors("missing_field", "invalid_transition", "terminal_status", "not_found", "stale_rev");
        group.MapPost("/{ref}/events", AddEventAsync).RequireScope(Scopes.OrdersWrite).WithName("addOrderEvent").WithSummary("Add an event")
            .ProducesErrors("missing_field", "not_found");
        group.MapPost("/{ref}/external-status", ExternalStatusAsync).RequireScope(Scopes.OrdersWrite).WithName("reportExternalStatus")
            .WithSummary("Report an external status").ProducesErrors("missing_field", "not_found", "stale_rev");
        return group;
    }

    static Task<CursorPage<OrderResponse>> ListAsync(string? channel_code, string? status, string? created_after, string? created_before,
        string? handle_ref, string? external_ref, ListReads reads, HttpContext http, CancellationToken ct)
    {
        var db = reads.Db;
        IQueryable<Order> query = db.Orders.AsNoTracking();
        if (http.AllowedChannels() is { } allowed) query = query.Where(o => allowed.Contains(o.ChannelCode));
        if (!string.IsNullOrEmpty(channel_code)) query = query.Where(o => o.ChannelCode == channel_code);
        if (!string.IsNullOrEmpty(status)) query = query.Where(o => o.Status == status);
        if (Timestamp(created_after, "created_after") is { } after) query = query.Where(o => o.CreatedAt > after);
        if (Timestamp(created_before, "created_before") is { } before) query = query.Where(o => o.CreatedAt < before);
        if (!string.IsNullOrEmpty(handle_ref)) query = query.Where(o => o.HandleRef == handle_ref);
        if (!string.IsNullOrEmpty(external_ref)) query = query.Where(o => o.ExternalRef == external_ref);
        return query.PageAsync(o => o.Id, http.Request, db.LoadItemsAsync, o => o.ToResponse(), ct);
    }

    /// <summary>Orders newer than <c>since</c>, oldest first, for boards that poll.</summary>
    static async Task<Ok<OrderStreamResponse>> StreamAsync(long? since, string? channel_code, ListReads reads, HttpContext http, CancellationToken ct)
    {
        var db = reads.Db;
        var from = since ?? 0;
        var size = Keyset.PageSize(http.Request);
        var query = db.Orders.AsNoTracking().Where(o => o.Id > from);
        if (http.AllowedChannels() is { } allowed) query = query.Where(o => allowed.Contains(o.ChannelCode));
        if (!string.IsNullOrEmpty(channel_code)) query = query.Where(o => o.ChannelCode == channel_code);
        var orders = await query.OrderBy(o => o.Id).Take(size).ToListAsync(ct);
        await db.LoadItemsAsync(orders, ct);
        return TypedResults.Ok(new OrderStreamResponse([.. orders.Select(o => o.ToResponse())], orders.Count > 0 ? orders[^1].Id : from));
    }

    static async Task<Ok<OrderResponse>> GetAsync(string @ref, OmnimanDb db, IEnumerable<IOrderResponsePart> parts, HttpContext http, CancellationToken ct)
    {
        // Two round trips: the order with its items, then its events (joining both would multiply them).
        var order = await db.ReadOrderAsync(@ref, ct) ?? throw OmnimanException.NotFound("Order", @ref);
        http.EnsureVisible(order.ChannelCode, "Order", @ref);
        var events = await db.ReadOrderEventsAsync(order.Id, ct);
        Dictionary<string, object>? added = null;
        foreach (var part in parts)
        {
            if (await part.ReadAsync(order, ct) is { } value) (added ??= new(StringComparer.Ordinal))[part.Name] = value;
        }
        return TypedResults.Ok(order.ToResponse(events) with { Parts = added });
    }

    static async Task<Ok<TransitionResult>> TransitionAsync(string @ref, [FromBody] TransitionRequest? body, TransitionOrder transition,
        OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        await EnsureVisibleAsync(http, db, @ref, ct);
        // The audit names the API key that made the move; a client's own actor (a cashier, a rider) rides along as on_behalf_of.
        return TypedResults.Ok(await transition.ExecuteAsync(@ref, body?.Status, http.Actor(), body?.Reason, ct, onBehalfOf: body?.Actor));
    }

    static async Task<Created<OrderEventResponse>> AddEventAsync(string @ref, [FromBody] OrderEventRequest? body, AppendOrderEvent append,
        OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        await EnsureVisibleAsync(http, db, @ref, ct);
        var created = await append.ExecuteAsync(@ref, body?.Type, body?.Payload, http.Actor(), ct);
        return TypedResults.Created($"/api/orders/{Uri.EscapeDataString(@ref)}", created.ToResponse());
    }

    /// <summary>A status code from the integration that owns the channel, applied by its status_mapping, never backwards.</summary>
    static async Task<Ok<ExternalStatusResult>> ExternalStatusAsync(string @ref, [FromBody] ExternalStatusRequest? body, ApplyExternalStatus apply,
        OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        await EnsureVisibleAsync(http, db, @ref, ct);
        return TypedResults.Ok(await apply.ExecuteAsync(@ref, body?.Code, http.Actor(), ct));
    }

    /// <summary>For a key limited to channels: an order of another channel is not found.</summary>
    private static async Task EnsureVisibleAsync(HttpContext http, OmnimanDb db, string orderRef, CancellationToken ct)
    {
        if (http.AllowedChannels() is { } allowed && !await db.Orders.AnyAsync(o => o.Ref == orderRef && allowed.Contains(o.ChannelCode), ct))
            throw OmnimanException.NotFound("Order", orderRef);
    }

    private static DateTime? Timestamp(string? raw, string field)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : throw OmnimanException.Invalid(field, $"{field} is an ISO 8601 timestamp.");
    }
}
