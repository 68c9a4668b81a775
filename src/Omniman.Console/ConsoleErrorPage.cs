using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Omniman.OperatorConsole;

/// <summary>
/// What a console page answers when it fails in a way no page expects (docs/console.md, "Errors"): a
/// plain page in the operator's language with the reference its log line carries, never the API's
/// JSON, a stack trace or a blank page. Written directly, with no page of its own to fail in turn.
/// </summary>
internal static class ConsoleErrorPage
{
    // Portuguese as it is written, not as character references; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static Task WriteAsync(HttpContext http)
    {
        var console = http.RequestServices.GetRequiredService<ConsoleRequest>();
        var T = console.T;
        var html = Encoder;
        var reference = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        var message = string.Format(CultureInfo.InvariantCulture,
            T["The console could not finish this. Try again; if it happens again, give your administrator this reference: {0}"], reference);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{html.Encode(console.Language)}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{html.Encode(T["Something went wrong"])} · Omniman</title>
            <link rel="stylesheet" href="{ConsolePaths.Assets}/console.css">
            </head>
            <body>
            <main id="content">
            <h1>{html.Encode(T["Something went wrong"])}</h1>
            <p role="alert">{html.Encode(message)}</p>
            <p><a href="{ConsolePaths.Root}/orders">{html.Encode(T["Back to orders"])}</a></p>
            </main>
            </body>
            </html>
            """);
    }
}
