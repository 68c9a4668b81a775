using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Omniman.Access;

namespace Omniman.AspNetCore.Auth;

/// <summary>One authorization policy per scope; the admin scope holds every other.</summary>
internal static class ScopeAuthorization
{
    public static string Policy(string scope) => "scope:" + scope;

    public static void AddScopePolicies(this AuthorizationOptions options)
    {
        foreach (var scope in Scopes.All)
        {
            options.AddPolicy(Policy(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => ctx.User.HasScope(scope)));
        }
    }

    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(scope));

    /// <summary>The scope an endpoint requires, read back from its policy name; null when it asks for none.</summary>
    public static string? RequiredScope(this Endpoint? endpoint) => endpoint is null ? null : RequiredScope(endpoint.Metadata);

    /// <summary>The scope that endpoint metadata requires; null when it asks for none.</summary>
    public static string? RequiredScope(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy)
            .FirstOrDefault(p => p?.StartsWith("scope:", StringComparison.Ordinal) == true)?["scope:".Length..];

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.Admin) || user.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope);

    /// <summary>Who did it, as recorded in order events: the API key's name.</summary>
    public static string? Actor(this HttpContext http) => http.User.Identity?.Name;
}
