using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Health;

public sealed record HealthResponse(string Status, string Version);

internal static class HealthEndpoints
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/health", CheckAsync).WithTags("Health").AllowAnonymous().WithName("getHealth").WithSummary("Check health")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);

    static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(OmnimanDb db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct)
            ? TypedResults.Ok(new HealthResponse("healthy", ProductVersion.Current))
            : TypedResults.Json(new HealthResponse("unhealthy", ProductVersion.Current), statusCode: StatusCodes.Status503ServiceUnavailable);
}
