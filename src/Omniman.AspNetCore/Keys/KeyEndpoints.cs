using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
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
using Omniman.Persistence;

namespace Omniman.AspNetCore.Keys;

public sealed record CreateKeyRequest([property: Required] string? Name, [property: Required] List<string>? Scopes, List<string>? Channels,
    DateTime? ExpiresAt);

/// <summary>How long the replaced key keeps working after a rotation: seconds, 0 for not at all; a day when left out.</summary>
public sealed record RotateKeyRequest(int? ExpiresInSeconds);

/// <summary>A key on the wire; <c>secret</c> appears once, in the answer to its creation or rotation.</summary>
public sealed record KeyResponse(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Channels,
    DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt, DateTime? ExpiresAt, long? RotatedFrom,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);

internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("API keys").RequireScope(Scopes.Admin);
        group.MapPost("/", CreateAsync).WithName("createKey").WithSummary("Create a key").ProducesErrors("missing_field");
        group.MapGet("/", ListAsync).WithName("listKeys").WithSummary("List keys").Paged();
        group.MapGet("/{id:long}", GetAsync).WithName("getKey").WithSummary("Read a key").ProducesErrors("not_found");
        group.MapDelete("/{id:long}", RevokeAsync).WithName("revokeKey").WithSummary("Revoke a key").ProducesErrors("not_found");
        group.MapPost("/{id:long}/rotate", RotateAsync).WithName("rotateKey").WithSummary("Rotate a key").ProducesErrors("not_found", "key_inactive");
        return group;
    }

    static async Task<Created<KeyResponse>> CreateAsync([FromBody] CreateKeyRequest? body, ManageApiKeys keys, HttpContext http, CancellationToken ct)
    {
        // A key limited to channels must not mint one that reaches further than it does.
        if (http.AllowedChannels() is { } allowed && (body?.Channels is not { Count: > 0 } wanted || wanted.Any(c => !allowed.Contains(c))))
            throw new OmnimanException("forbidden", "A key limited to channels may only create keys limited to some of its channels.",
                new { field = "channels", allowed_channels = allowed });
        var created = await keys.CreateAsync(body?.Name, body?.Scopes, body?.Channels, body?.ExpiresAt, ct);
        return TypedResults.Created($"/api/keys/{created.Key.Id}", ToResponse(created.Key) with { Secret = created.Secret });
    }

    static Task<CursorPage<KeyResponse>> ListAsync(OmnimanDb db, HttpContext http, CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().PageAsync(k => k.Id, http.Request, ToResponse, ct);

    static async Task<Ok<KeyResponse>> GetAsync(long id, OmnimanDb db, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct)
            ?? throw Common.OmnimanException.NotFound("API key", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    static async Task<NoContent> RevokeAsync(long id, ManageApiKeys keys, CancellationToken ct)
    {
        await keys.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<Created<KeyResponse>> RotateAsync(long id, [FromBody] RotateKeyRequest? body, RotateApiKey rotate,
        HttpContext http, CancellationToken ct)
    {
        var rotated = await rotate.ExecuteAsync(id, body?.ExpiresInSeconds, ct, http.AllowedChannels());
        var created = rotated.Created;
        return TypedResults.Created($"/api/keys/{created.Key.Id}", ToResponse(created.Key) with { Secret = created.Secret });
    }

    private static KeyResponse ToResponse(ApiKey k) =>
        new(k.Id, k.Name, k.Prefix, k.Scopes, k.Channels, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.ExpiresAt, k.RotatedFrom);
}
