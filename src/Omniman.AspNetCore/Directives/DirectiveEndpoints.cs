using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.Paging;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Directives;

public sealed record DirectiveResponse(long Id, string Topic, string Status, string? Correlation, JsonObject Payload, int Attempts,
    DateTime AvailableAt, string? LastError, DateTime CreatedAt, DateTime? StartedAt, DateTime UpdatedAt);

internal static class DirectiveEndpoints
{
    public static RouteGroupBuilder MapDirectives(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/directives").WithTags("Directives");
        group.MapGet("/", ListAsync).RequireScope(Scopes.Admin).WithName("listDirectives").WithSummary("List directives").Paged();
        group.MapGet("/{id:long}", GetAsync).RequireScope(Scopes.Admin).WithName("getDirective").WithSummary("Read a directive")
            .ProducesErrors("not_found");
        group.MapPost("/{id:long}/run", RunAsync).RequireScope(Scopes.Admin).WithName("runDirective").WithSummary("Run a directive again")
            .ProducesErrors("not_found", "in_progress", "already_done");
        return group;
    }

    /// <summary>Filters: <c>status</c>, <c>topic</c>, and <c>correlation</c> (<c>order:ORD-…</c>, <c>session:pos:SESS-…</c>): a change's side effects.</summary>
    static Task<CursorPage<DirectiveResponse>> ListAsync(string? status, string? topic, string? correlation, ListReads reads, HttpContext http,
        CancellationToken ct)
    {
        var query = reads.Db.Directives.AsNoTracking();
        if (!string.IsNullOrEmpty(status)) query = query.Where(d => d.Status == status);
        if (!string.IsNullOrEmpty(topic)) query = query.Where(d => d.Topic == topic);
        if (!string.IsNullOrEmpty(correlation)) query = query.Where(d => d.Correlation == correlation);
        return query.PageAsync(d => d.Id, http.Request, ToResponse, ct);
    }

    static async Task<Ok<DirectiveResponse>> GetAsync(long id, OmnimanDb db, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await db.Directives.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct)
            ?? throw OmnimanException.NotFound("Directive", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    static async Task<Ok<DirectiveResponse>> RunAsync(long id, RunDirectiveNow run, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await run.ExecuteAsync(id, ct)));

    private static DirectiveResponse ToResponse(Directive d) =>
        new(d.Id, d.Topic, d.Status, d.Correlation, d.Payload, d.Attempts, d.AvailableAt, d.LastError, d.CreatedAt, d.StartedAt, d.UpdatedAt);
}
