using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.Channels;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Channels;

public sealed record ChannelResponse(string Code, string Name, string PricingPolicy, string EditPolicy, int DisplayOrder,
    bool IsActive, JsonObject Config, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ChannelListResponse(IReadOnlyList<ChannelResponse> Results);

internal static class ChannelEndpoints
{
    public static RouteGroupBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/channels").WithTags("Channels");
        group.MapGet("/", ListAsync).RequireAuthorization().WithName("listChannels").WithSummary("List channels");
        group.MapGet("/{code}", GetAsync).RequireAuthorization().WithName("getChannel").WithSummary("Read a channel").ProducesErrors("not_found");
        group.MapPost("/", CreateAsync).RequireScope(Scopes.Admin).WithName("createChannel").WithSummary("Create a channel")
            .ProducesErrors("missing_field", "channel_exists");
        group.MapPut("/{code}", ReplaceAsync).RequireScope(Scopes.Admin).WithName("replaceChannel").WithSummary("Replace a channel")
            .ProducesErrors("missing_field", "not_found");
        return group;
    }

    static async Task<Ok<ChannelListResponse>> ListAsync(OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        var query = db.Channels.AsNoTracking();
        if (http.AllowedChannels() is { } allowed) query = query.Where(c => allowed.Contains(c.Code));
        var channels = await query.OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
        return TypedResults.Ok(new ChannelListResponse([.. channels.Select(ToResponse)]));
    }

    static async Task<Ok<ChannelResponse>> GetAsync(string code, OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        http.EnsureVisible(code, "Channel", code);
        return TypedResults.Ok(ToResponse(await db.Channels.GetAsync(code, ct)));
    }

    static async Task<Created<ChannelResponse>> CreateAsync([FromBody] ChannelDefinition? body, SaveChannel save, CancellationToken ct)
    {
        var channel = await save.CreateAsync(body ?? Empty, ct);
        return TypedResults.Created($"/api/channels/{channel.Code}", ToResponse(channel));
    }

    static async Task<Ok<ChannelResponse>> ReplaceAsync(string code, [FromBody] ChannelDefinition? body, SaveChannel save, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await save.ReplaceAsync(code, body ?? Empty, ct)));

    private static readonly ChannelDefinition Empty = new(null, null, null, null, null, null, null);

    private static ChannelResponse ToResponse(Channel c) =>
        new(c.Code, c.Name, c.PricingPolicy, c.EditPolicy, c.DisplayOrder, c.IsActive, c.Config, c.CreatedAt, c.UpdatedAt);
}
