using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Omniman.AspNetCore.Errors;

namespace Omniman.AspNetCore.Limits;

/// <summary>
/// Refuses a body over the limit before anything reads it: by its declared length at once, and
/// by the server's own counting for a body sent without one.
/// </summary>
internal sealed class BodySizeLimit(RequestDelegate next, IOptions<LimitOptions> options)
{
    public Task InvokeAsync(HttpContext http)
    {
        var max = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > max)
            return ErrorEnvelope.WriteAsync(http, "payload_too_large", $"The request body is larger than {max} bytes.", new { max_bytes = max });
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        return next(http);
    }
}
