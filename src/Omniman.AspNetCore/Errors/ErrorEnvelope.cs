using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Omniman.Common;

namespace Omniman.AspNetCore.Errors;

/// <summary>Writes the error envelope (docs/api.md, Errors): <c>{"error": {"code", "message", "context"}}</c>.</summary>
internal static class ErrorEnvelope
{
    public static Task WriteAsync(HttpContext http, string code, string message, object? context = null)
    {
        http.Response.StatusCode = ErrorStatus.For(code);
        http.Response.ContentType = "application/json";
        var body = new { error = new { code, message, context = context ?? new Dictionary<string, object>() } };
        return http.Response.WriteAsJsonAsync(body, Json.Options, http.RequestAborted);
    }

    public static Task WriteAsync(HttpContext http, OmnimanException ex) => WriteAsync(http, ex.Code, ex.Message, ex.Context);

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
