using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Omniman.Common;

namespace Omniman.AspNetCore.Errors;

/// <summary>The error envelope on the wire (docs/api.md, Errors): <c>{"error": {"code", "message", "context"}}</c>.</summary>
public sealed record ErrorResponse(ErrorDetail Error);

/// <summary>One error: its stable <c>code</c>, a message for people, and <c>context</c>, always an object (empty when there is nothing to add).</summary>
public sealed record ErrorDetail(string Code, string Message, object Context);

/// <summary>Writes the error envelope.</summary>
internal static class ErrorEnvelope
{
    public static Task WriteAsync(HttpContext http, string code, string message, object? context = null)
    {
        http.Response.StatusCode = ErrorStatus.For(code);
        http.Response.ContentType = "application/json";
        var body = new ErrorResponse(new ErrorDetail(code, message, context ?? new Dictionary<string, object>()));
        return http.Response.WriteAsJsonAsync(body, Json.Options, http.RequestAborted);
    }

    public static Task WriteAsync(HttpContext http, OmnimanException ex) => WriteAsync(http, ex.Code, ex.Message, ex.Context);

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
