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
using Omniman.Idempotency;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions;
using Omniman.Sessions.Ops;

namespace Omniman.AspNetCore.Sessions;

internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").WithTags("Sessions");
        group.MapPost("/", OpenAsync).RequireScope(Scopes.SessionsWrite).WithName("openSession").WithSummary("Open a session")
            .ProducesErrors("missing_field", "not_found", "channel_inactive", "session_exists");
        group.MapGet("/", ListAsync).RequireScope(Scopes.SessionsRead).WithName("listSessions").WithSummary("List sessions").Paged();
        group.MapGet("/{key}", GetAsync).RequireScope(Scopes.SessionsRead).WithName("getSession").WithSummary("Read a session")
            .ProducesErrors("not_found", "ambiguous_session");
        group.MapPost("/{key}/modify", ModifyAsync).RequireScope(Scopes.SessionsWrite).WithName("modifySession").WithSummary("Modify a session")
            .ProducesErrors([.. ModifyErrors]);
        group.MapPost("/{key}/abandon", AbandonAsync).RequireScope(Scopes.SessionsWrite).WithName("abandonSession").WithSummary("Abandon a session")
            .ProducesErrors("not_found", "ambiguous_session", "already_committed", "already_abandoned", "stale_rev");
        group.MapPost("/{key}/resolve", ResolveAsync).RequireScope(Scopes.SessionsWrite).WithName("resolveIssue").WithSummary("Resolve an issue")
            .ProducesErrors([.. ModifyErrors, "issue_not_found", "action_not_found", "no_resolver", "stale_action"]);
        group.MapPost("/{key}/commit", CommitAsync).RequireScope(Scopes.SessionsWrite).WithName("commitSession").WithSummary("Commit a session")
            .ProducesErrors("not_found", "ambiguous_session", "already_committed", "already_abandoned", "missing_check", "stale_check", "hold_expired",
                "blocking_issues", "empty_session", "in_progress", "coupon_unavailable", "stale_rev", "idempotency_key_reused", "ref_exhausted");
        return group;
    }

    /// <summary>What a modify may answer (docs/api.md, Modify a session); a resolve runs the same pipeline.</summary>
    private static readonly string[] ModifyErrors =
    [
        "missing_field", "unsupported_op", "missing_sku", "invalid_qty", "unknown_line_id", "invalid_path", "invalid_merge", "sku_mismatch",
        "missing_unit_price_q", "price_not_found", "product_not_found", "product_inactive", "price_override_required",
        "not_found", "ambiguous_session", "already_committed", "already_abandoned", "locked", "stale_rev",
    ];

    static async Task<Results<Created<SessionResponse>, Ok<SessionResponse>>> OpenAsync(
        [FromBody] OpenSessionRequest? body, OpenSession open, HttpContext http, CancellationToken ct)
    {
        http.EnsureMayUse(body?.ChannelCode);
        var result = await open.ExecuteAsync(body ?? new(null, null, null, null), ct);
        http.Response.Headers.ETag = result.Session.ETag();
        var response = result.Session.ToResponse();
        return result.Created
            ? TypedResults.Created($"/api/sessions/{Uri.EscapeDataString(response.SessionKey)}?channel_code={Uri.EscapeDataString(response.ChannelCode)}", response)
            : TypedResults.Ok(response);
    }

    static Task<CursorPage<SessionResponse>> ListAsync(string? channel_code, string? state, string? handle_type, string? handle_ref,
        ListReads reads, HttpContext http, CancellationToken ct)
    {
        var query = reads.Db.Sessions.AsNoTracking();
        if (http.AllowedChannels() is { } allowed) query = query.Where(s => allowed.Contains(s.ChannelCode));
        if (!string.IsNullOrEmpty(channel_code)) query = query.Where(s => s.ChannelCode == channel_code);
        if (!string.IsNullOrEmpty(state)) query = query.Where(s => s.State == state);
        if (!string.IsNullOrEmpty(handle_type)) query = query.Where(s => s.HandleType == handle_type);
        if (!string.IsNullOrEmpty(handle_ref)) query = query.Where(s => s.HandleRef == handle_ref);
        return query.PageAsync(s => s.Id, http.Request, s => s.ToResponse(), ct);
    }

    static async Task<Ok<SessionResponse>> GetAsync(string key, string? channel_code, bool? wait_checks, double? wait_seconds,
        OmnimanDb db, AwaitSessionChecks awaitChecks, HttpContext http, CancellationToken ct)
    {
        var channel = await new SessionRef(channel_code, key).ResolveChannelAsync(db, ct, http.AllowedChannels());
        if (wait_checks == true) return Respond(await awaitChecks.ExecuteAsync(channel, key, Wait(wait_seconds), ct), http);
        if (wait_seconds is not null) throw OmnimanException.Invalid("wait_seconds", "wait_seconds goes with wait_checks=true.");
        var session = await db.ReadSessionAsync(channel, key, ct)
            ?? throw OmnimanException.NotFound("Session", key);
        return Respond(session, http);
    }

    /// <summary>How long a <c>wait_checks</c> read may wait: 10 s unless asked, at most <see cref="AwaitSessionChecks.MaxWait"/>.</summary>
    private static TimeSpan Wait(double? seconds) => seconds switch
    {
        null => TimeSpan.FromSeconds(10),
        > 0 and var s when s <= AwaitSessionChecks.MaxWait.TotalSeconds => TimeSpan.FromSeconds(s),
        _ => throw OmnimanException.Invalid("wait_seconds", $"wait_seconds is more than 0 and at most {AwaitSessionChecks.MaxWait.TotalSeconds:0}."),
    };

    static async Task<Ok<SessionResponse>> ModifyAsync(string key, [FromBody] ModifyRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch,
        ModifySession modify, ModifyPipeline pipeline, OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        var ops = SessionOp.ParseAll(body?.Ops, pipeline.Limits);
        var at = await VisibleAsync(http, db, body?.ChannelCode, key, ct);
        var session = await modify.ExecuteAsync(at, ops, body?.ExpectedRev ?? RevFromETag(ifMatch), ModifyActorOf(http), ct);
        return Respond(session, http);
    }

    static async Task<Ok<SessionResponse>> AbandonAsync(string key, string? channel_code, [FromBody] ChannelScopedRequest? body,
        AbandonSession abandon, OmnimanDb db, HttpContext http, CancellationToken ct) =>
        Respond(await abandon.ExecuteAsync(await VisibleAsync(http, db, body?.ChannelCode ?? channel_code, key, ct), ct), http);

    static async Task<Ok<SessionResponse>> ResolveAsync(string key, [FromBody] ResolveRequest? body, ResolveIssue resolve,
        OmnimanDb db, HttpContext http, CancellationToken ct) =>
        Respond(await resolve.ExecuteAsync(await VisibleAsync(http, db, body?.ChannelCode, key, ct), body?.IssueId, body?.ActionId, body?.ExpectedRev,
            ModifyActorOf(http), ct), http);

    /// <summary>The caller as the modify pipeline sees it: its key's name, and what its scopes let it do.</summary>
    private static ModifyActor ModifyActorOf(HttpContext http) =>
        new(http.Actor(), http.User.HasScope(Scopes.OrdersWrite), http.User.HasScope(Scopes.SessionsWriteLocked));

    static async Task<Results<Created<CommitResponse>, Ok<CommitResponse>>> CommitAsync(string key, [FromBody] CommitRequest? body,
        [FromHeader(Name = "Idempotency-Key")] string? header, CommitSession commit, OmnimanDb db, HttpContext http, CancellationToken ct)
    {
        // A blank key is no key: taken literally, every client sending one would share it.
        var idempotencyKey = !string.IsNullOrWhiteSpace(header) ? header
            : !string.IsNullOrWhiteSpace(body?.IdempotencyKey) ? body.IdempotencyKey
            : IdempotencyKeys.New();
        var result = await commit.ExecuteAsync(await VisibleAsync(http, db, body?.ChannelCode, key, ct), idempotencyKey, http.Actor(), ct);
        return result.Replayed
            ? TypedResults.Ok(result.Body)
            : TypedResults.Created($"/api/orders/{Uri.EscapeDataString(result.Body.OrderRef)}", result.Body);
    }

    /// <summary>The session as this caller may name it: a key limited to channels sees only theirs.</summary>
    private static async Task<SessionRef> VisibleAsync(HttpContext http, OmnimanDb db, string? channelCode, string key, CancellationToken ct) =>
        http.AllowedChannels() is { } allowed
            ? new SessionRef(await new SessionRef(channelCode, key).ResolveChannelAsync(db, ct, allowed), key)
            : new SessionRef(channelCode, key);

    private static Ok<SessionResponse> Respond(Session session, HttpContext http)
    {
        http.Response.Headers.ETag = session.ETag();
        return TypedResults.Ok(session.ToResponse());
    }

    private static int? RevFromETag(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return int.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var rev)
            ? rev
            : throw OmnimanException.Invalid("If-Match", "If-Match carries the session's ETag, e.g. \"3\".");
    }
}
