using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Channels;
using Omniman.AspNetCore.Directives;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.Health;
using Omniman.AspNetCore.Orders;
using Omniman.AspNetCore.Pricing;
using Omniman.AspNetCore.Sessions;
using Omniman.AspNetCore.Stock;
using Omniman.Common;

namespace Omniman.AspNetCore;

/// <summary>Hosts Omniman's REST API inside any ASP.NET Core app: <c>AddOmnimanApi()</c> then <c>MapOmniman()</c>.</summary>
public static class OmnimanApi
{
    public static OmnimanBuilder AddOmnimanApi(this OmnimanBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        // Malformed bodies reach the error middleware as exceptions, which answer in the envelope.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o => o.AddScopePolicies());
        services.AddOpenApi();
        return builder;
    }

    /// <summary>The error envelope for everything below it; call first in the pipeline.</summary>
    public static IApplicationBuilder UseOmnimanErrors(this IApplicationBuilder app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments("/api")) return;
            var (code, message) = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ("not_found", $"No resource at {http.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
                StatusCodes.Status401Unauthorized => ("unauthorized", "A valid API key is required."),
                StatusCodes.Status403Forbidden => ("forbidden", "This API key is not allowed to do that."),
                StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as application/json."),
                _ => ("validation_error", "The request could not be processed."),
            };
            await ErrorEnvelope.WriteAsync(http, code, message);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapOmniman(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapChannels();
        app.MapSessions();
        app.MapOrders();
        app.MapDirectives();
        app.MapStock();
        app.MapProducts();
        app.MapPromotions();
        return app;
    }
}
