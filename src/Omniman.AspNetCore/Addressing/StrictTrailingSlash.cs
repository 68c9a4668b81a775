using Microsoft.AspNetCore.Http;

namespace Omniman.AspNetCore.Addressing;

/// <summary>
/// A path under <c>/api</c> that ends in a slash names no route (docs/api.md, Conventions). Routing
/// would match it to the route without the slash, one the OpenAPI document does not list; it answers
/// 404 <c>not_found</c> instead, in the envelope the status code pages write.
/// </summary>
internal sealed class StrictTrailingSlash(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api") && path.Value!.EndsWith('/'))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(http);
    }
}
