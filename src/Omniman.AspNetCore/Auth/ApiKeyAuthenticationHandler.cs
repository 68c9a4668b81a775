using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Access;
using Omniman.AspNetCore.Errors;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> (or <c>Token &lt;key&gt;</c>). Only the SHA-256 of a secret is
/// stored; a presented secret is hashed, found by its hash, and the hashes compared in constant time.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OmnimanDb db, ApiKeyCache keys,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string ChannelClaim = "channel";

    /// <summary>Where a refusal that deserves its own message (an expired key) keeps it for the challenge.</summary>
    private const string RefusalItem = "omniman:refusal";
    private const string ExpiredAtItem = "omniman:expired_at";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Secret(Request.Headers.Authorization.ToString()) is not { } secret) return AuthenticateResult.NoResult();
        var hash = ApiKey.Hash(secret);
        var key = await keys.FindAsync(hash, db, Context.RequestAborted);
        if (key is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(key.SecretHash)))
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        // Checked here, on every request, not when the key was looked up: a cached key must not outlive its expiry.
        if (key.ExpiresAt is { } expiresAt && ApiKey.HasExpired(expiresAt, clock.GetUtcNow().UtcDateTime))
        {
            var at = UtcStamp.Format(expiresAt);
            var message = $"This API key expired at {at}; use the key that replaced it, or ask an admin for a new one.";
            return AuthenticateResult.Fail(message, new AuthenticationProperties(new Dictionary<string, string?>
            {
                [RefusalItem] = message,
                [ExpiredAtItem] = at,
            }));
        }
        await keys.TouchAsync(key, db, Context.RequestAborted);

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        claims.AddRange((key.Channels ?? []).Select(c => new Claim(ChannelClaim, c)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // The challenge comes from authorization, which passes no result along; the handler's own is cached for the request.
        var result = await HandleAuthenticateOnceAsync();
        if (result.Properties?.GetString(RefusalItem) is { } refusal)
            await ErrorEnvelope.WriteAsync(Context, "unauthorized", refusal, new { expires_at = result.Properties.GetString(ExpiredAtItem) });
        else
            await ErrorEnvelope.WriteAsync(Context, "unauthorized", "A valid API key is required: 'Authorization: Bearer <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Context.GetEndpoint().RequiredScope() is { } scope
        ? ErrorEnvelope.WriteAsync(Context, "forbidden", $"This API key lacks the '{scope}' scope this request needs.", new { scope })
        : ErrorEnvelope.WriteAsync(Context, "forbidden", "This API key is not allowed to do that.");

    private static string? Secret(string header)
    {
        foreach (var scheme in (ReadOnlySpan<string>)["Bearer ", "Token "])
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                return header[scheme.Length..].Trim() is { Length: > 0 and <= 256 } secret ? secret : null;
        }
        return null;
    }
}
