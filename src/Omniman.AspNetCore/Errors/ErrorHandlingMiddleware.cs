using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Errors;

/// <summary>
/// Turns every failure into the envelope: broken rules keep their code, malformed bodies name the
/// field, and anything unexpected is logged with a trace id and never shows a stack trace.
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            await HandleAsync(http, ex);
        }
    }

    private Task HandleAsync(HttpContext http, Exception ex)
    {
        http.Response.Clear();
        switch (ex)
        {
            case OmnimanException rule:
                return ErrorEnvelope.WriteAsync(http, rule);
            case BadHttpRequestException { InnerException: JsonException json }:
                return WriteJsonError(http, json);
            case JsonException json:
                return WriteJsonError(http, json);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return ErrorEnvelope.WriteAsync(http, "payload_too_large", "The request body is too large.");
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType:
                return ErrorEnvelope.WriteAsync(http, "unsupported_media_type", "Send the body as application/json.");
            case BadHttpRequestException bad:
                return ErrorEnvelope.WriteAsync(http, BindingError.From(bad));
            case DbUpdateConcurrencyException:
                return ErrorEnvelope.WriteAsync(http, "stale_rev", "The resource changed while this request ran; read it again and retry.");
            case var refused when http.RequestServices.GetService<IDatabaseDialect>()?.IsRefusedValue(refused) == true:
                // Input a validation rule should have caught; logged so the missing rule can be added.
                logger.LogWarning(refused, "Database refused a value on {Method} {Path} (trace {TraceId})",
                    http.Request.Method, http.Request.Path, ErrorEnvelope.TraceId(http));
                return ErrorEnvelope.WriteAsync(http, "validation_error",
                    "A value was refused by the database: too long, out of range, or holding a character it cannot store.",
                    new { trace_id = ErrorEnvelope.TraceId(http) });
            default:
                var traceId = ErrorEnvelope.TraceId(http);
                logger.LogError(ex, "Unhandled error on {Method} {Path} (trace {TraceId})", http.Request.Method, http.Request.Path, traceId);
                return ErrorEnvelope.WriteAsync(http, "internal_error", "An unexpected error occurred.", new { trace_id = traceId });
        }
    }

    private static Task WriteJsonError(HttpContext http, JsonException json)
    {
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return ErrorEnvelope.WriteAsync(http, JsonBodyError.From(json, bodyType, options));
    }
}
