using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Omniman.AspNetCore.Health;

/// <summary>
/// The probes of load balancers and Kubernetes: <c>/health/live</c> (the process answers) and
/// <c>/health/ready</c> (database migrated, worker keeping up), plain <c>Healthy</c> 200 or
/// <c>Unhealthy</c> 503 (docs/operations.md). Outside <c>/api</c>, so neither keyed nor rate limited.
/// </summary>
internal static class HealthProbes
{
    private const string Ready = "ready";

    public static IServiceCollection AddOmnimanHealthProbes(this IServiceCollection services)
    {
        services.AddSingleton<MigratedOnce>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>("database", tags: [Ready])
            .AddCheck<DirectiveLagReadiness>("directives", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthProbes(this IEndpointRouteBuilder app)
    {
        // No check at all: a live process answers whatever its dependencies do, so it is not restarted for them.
        // Health check endpoints are not route handlers, so the OpenAPI document does not list them.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }
}
