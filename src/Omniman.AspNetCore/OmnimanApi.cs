using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Serialization;
using Omniman.Access;
using Omniman.AspNetCore.Addressing;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Channels;
using Omniman.AspNetCore.Directives;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.Health;
using Omniman.AspNetCore.Keys;
using Omniman.AspNetCore.Limits;
using Omniman.AspNetCore.OpenApi;
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
        services.ConfigureHttpJsonOptions(o =>
        {
            Json.Configure(o.SerializerOptions);
            // Bodies are read strictly: names are snake_case as written (the web defaults would take any case),
            // and an unknown field is a 400 unknown_field (JsonBodyError), never dropped.
            o.SerializerOptions.PropertyNameCaseInsensitive = false;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // Malformed bodies reach the error middleware as exceptions, which answer in the envelope.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o => o.AddScopePolicies());
        services.AddOmnimanOpenApi();
        services.AddMemoryCache();
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<IApiKeyCache>(sp => sp.GetRequiredService<ApiKeyCache>());
        services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section));
        services.AddOmnimanRateLimits();
        services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.Section));
        services.AddOmnimanHealthProbes();
        // CORS is off unless origins are configured (Omniman:Cors:AllowedOrigins).
        var origins = builder.Configuration.GetSection("Omniman:Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0) policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Retry-After");
        }));
        return builder;
    }

    /// <summary>The error envelope for everything below it, and strict paths (no trailing slash); call first in the pipeline.</summary>
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
                StatusCodes.Status413PayloadTooLarge => ("payload_too_large", "The request body is too large."),
                StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as application/json."),
                _ => ("validation_error", "The request could not be processed."),
            };
            await ErrorEnvelope.WriteAsync(http, code, message);
        });
        app.UseMiddleware<StrictTrailingSlash>();
        return app;
    }

    /// <summary>CORS, the body size limit, authentication, rate limits and authorization, in that order; call after <see cref="UseOmnimanErrors"/>.</summary>
    public static IApplicationBuilder UseOmnimanAccess(this IApplicationBuilder app)
    {
        app.UseCors();
        // After CORS, so a browser can read the 413 it answers.
        app.UseMiddleware<BodySizeLimit>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapOmniman(this IEndpointRouteBuilder app)
    {
        app.MapApiReference();
        app.MapHealth();
        app.MapHealthProbes();
        app.MapChannels();
        app.MapSessions();
        app.MapOrders();
        app.MapDirectives();
        app.MapKeys();
        app.MapStock();
        app.MapProducts();
        app.MapPromotions();
        return app;
    }
}
