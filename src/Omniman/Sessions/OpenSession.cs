using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Sessions;

/// <summary>What a client sends to open a session.</summary>
// [Required] marks the fields a client must send; the API's contract (its OpenAPI document) reads it, the operation enforces it.
public sealed record OpenSessionRequest([property: Required] string? ChannelCode, string? SessionKey, string? HandleType, string? HandleRef);

/// <summary>The session, and whether this call opened it (201) or found it open for its handle (200).</summary>
public sealed record OpenSessionResult(Session Session, bool Created);

/// <summary>Opens a session, or returns the open one of the same channel and handle (docs/concepts.md, Sessions).</summary>
public sealed class OpenSession(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, TimeProvider clock, IOptions<OmnimanOptions> options)
{
    public async Task<OpenSessionResult> ExecuteAsync(OpenSessionRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.ChannelCode)) throw OmnimanException.MissingField("channel_code");
        // The columns are this long: PostgreSQL would refuse a longer value with a server error, SQLite would keep it.
        Text.EnsureAtMost("session_key", request.SessionKey, Session.KeyMaxLength);
        Text.EnsureAtMost("handle_type", request.HandleType, Session.HandleTypeMaxLength);
        Text.EnsureAtMost("handle_ref", request.HandleRef, Session.HandleRefMaxLength);
        // The key is a URL path segment: an escaped '/' stays escaped in route values and a NUL cannot be sent at all,
        // so a session keyed with either could be opened but never addressed again.
        if (request.SessionKey is { } given && given.Any(c => c == '/' || char.IsControl(c)))
            throw OmnimanException.Invalid("session_key", "A session key cannot hold '/' or control characters.");
        if (string.IsNullOrEmpty(request.HandleType) != string.IsNullOrEmpty(request.HandleRef))
            throw OmnimanException.Invalid(string.IsNullOrEmpty(request.HandleType) ? "handle_type" : "handle_ref",
                "handle_type and handle_ref go together.");
        var channel = await channels.GetAsync(db, request.ChannelCode, ct);
        if (!channel.IsActive)
            throw new OmnimanException("channel_inactive", $"Channel '{channel.Code}' is not active.", new { channel_code = channel.Code });

        if (await FindOpenByHandleAsync(request, ct) is { } existing) return new(existing, false);

        // An empty key is no key, as for the handle: a session keyed "" could not be addressed.
        var key = NullIfEmpty(request.SessionKey) ?? options.Value.SessionKeyPrefix + RandomCodes.Next(options.Value.SessionKeyLength);
        var session = Session.Open(channel, key, NullIfEmpty(request.HandleType), NullIfEmpty(request.HandleRef), clock.GetUtcNow().UtcDateTime);
        db.Sessions.Add(session);
        try
        {
            await db.SaveChangesAsync(ct);
            return new(session, true);
        }
        catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
        {
            db.Entry(session).State = EntityState.Detached;
            // A concurrent request opened the session for this handle first: it is the one.
            if (await FindOpenByHandleAsync(request, ct) is { } winner) return new(winner, false);
            throw new OmnimanException("session_exists", $"Session '{key}' already exists in channel '{channel.Code}'.",
                new { session_key = key, channel_code = channel.Code });
        }
    }

    private async Task<Session?> FindOpenByHandleAsync(OpenSessionRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.HandleType) || string.IsNullOrEmpty(request.HandleRef)) return null;
        return await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.ChannelCode == request.ChannelCode
            && s.HandleType == request.HandleType && s.HandleRef == request.HandleRef && s.State == SessionStates.Open, ct);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
