using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Access;
using Omniman.AspNetCore.Errors;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> (or <c>Token &lt;key&gt;</c>). The secret is hashed and looked
/// up by its hash, so the stored hash is compared by the database's index, never the secret itself.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OmnimanDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string ChannelClaim = "channel";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Secret(Request.Headers.Authorization.ToString()) is not { } secret) return AuthenticateResult.NoResult();
        var hash = ApiKey.Hash(secret);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Name, k.Scopes, k.Channels })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new(ClaimTypes.Name, key.Name) };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        claims.AddRange((key.Channels ?? []).Select(c => new Claim(ChannelClaim, c)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorEnvelope.WriteAsync(Context, "unauthorized", "A valid API key is required: 'Authorization: Bearer <key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorEnvelope.WriteAsync(Context, "forbidden", "This API key is not allowed to do that.");

    private static string? Secret(string header)
    {
        foreach (var scheme in (ReadOnlySpan<string>)["Bearer ", "Token "])
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                return header[scheme.Length..].Trim() is { Length: > 0 } secret ? secret : null;
        }
        return null;
    }
}
