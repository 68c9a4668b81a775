using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Omniman.Common;

namespace Omniman.AspNetCore.Addressing;

/// <summary>
/// Route values read from the request target as the client sent it. The server decodes every
/// escape of the path but <c>%2F</c>, so a route value cannot tell a SKU <c>A/B</c> (sent
/// <c>A%2FB</c>) from a SKU <c>A%2FB</c> (sent <c>A%252FB</c>); the raw segment, decoded once
/// here, can.
/// </summary>
internal static class RawPathValue
{
    /// <summary>
    /// The SKU of a <c>{sku}</c> route, decoded and held to the one SKU rule. <paramref name="routed"/> is
    /// the value as the server routed it; handlers bind it, which also keeps it in the OpenAPI document.
    /// </summary>
    public static string RouteSku(this HttpContext http, string routed) => SkuRule.Ensure("sku", Read(http, "sku", routed));

    /// <summary>The value of route parameter <paramref name="name"/>, taken from the raw request target and decoded exactly once.</summary>
    public static string Read(HttpContext http, string name, string routed)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (http.GetEndpoint() is RouteEndpoint endpoint && RawSegment(raw, endpoint.RoutePattern, name) is { } segment)
        {
            // The same segment as the server decoded it (%2F kept): a path rewritten after the server
            // read it no longer matches its raw target, and then the routed value is all there is.
            if (Unescape(segment, name, keepEscapedSlash: true) == routed) return Unescape(segment, name, keepEscapedSlash: false);
        }
        // No raw target (the in-memory test server sets none): the routed value with the one escape the server
        // leaves, which is right but for a value that itself holds "%2F".
        return routed.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The raw segment of <paramref name="rawTarget"/> at the parameter's place in the pattern, counted
    /// from the end (so a path base before the pattern does not matter); null when it cannot be told.
    /// </summary>
    internal static string? RawSegment(string? rawTarget, RoutePattern pattern, string name)
    {
        var index = -1;
        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            if (pattern.PathSegments[i].Parts is [RoutePatternParameterPart { IsCatchAll: false } part]
                && string.Equals(part.Name, name, StringComparison.OrdinalIgnoreCase))
                index = i;
        }
        if (index < 0 || Path(rawTarget) is not { } path) return null;
        var segments = Segments(path);
        var at = segments.Count - pattern.PathSegments.Count + index;
        return at >= 0 && at < segments.Count ? segments[at] : null;
    }

    /// <summary>The path of an origin-form (<c>/a/b?q</c>) or absolute-form (<c>http://h/a/b?q</c>) request target.</summary>
    private static string? Path(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget)) return null;
        var path = rawTarget;
        if (path[0] != '/')
        {
            var scheme = path.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return null;
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }
        var end = path.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? path : path[..end];
    }

    /// <summary>
    /// The path's segments after dot segments are removed (RFC 3986 §5.2.4), as the server does before
    /// routing (it decodes <c>%2E</c> first), and without the empty segment of a trailing slash.
    /// </summary>
    private static List<string> Segments(string path)
    {
        var result = new List<string>();
        foreach (var segment in path[1..].Split('/'))
        {
            var decoded = segment.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase);
            if (decoded == ".") continue;
            if (decoded == "..")
            {
                if (result.Count > 0) result.RemoveAt(result.Count - 1);
                continue;
            }
            result.Add(segment);
        }
        if (result is [.., ""]) result.RemoveAt(result.Count - 1);
        return result;
    }

    /// <summary>
    /// Decodes percent-escapes as UTF-8 (a <c>%</c> without two hex digits stays itself, as the server
    /// leaves it); escaped bytes that are not UTF-8 are refused as a <c>validation_error</c> naming
    /// <paramref name="field"/>, since no text was sent.
    /// </summary>
    internal static string Unescape(string segment, string field, bool keepEscapedSlash)
    {
        if (!segment.Contains('%', StringComparison.Ordinal)) return segment;
        var text = new StringBuilder(segment.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%' && i + 2 < segment.Length && IsHex(segment[i + 1]) && IsHex(segment[i + 2])
                && !(keepEscapedSlash && segment[i + 1] == '2' && segment[i + 2] is 'F' or 'f'))
            {
                bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            Flush(text, bytes, field);
            text.Append(segment[i]);
        }
        Flush(text, bytes, field);
        return text.ToString();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void Flush(StringBuilder text, List<byte> bytes, string field)
    {
        if (bytes.Count == 0) return;
        try
        {
            text.Append(StrictUtf8.GetString([.. bytes]));
        }
        catch (DecoderFallbackException)
        {
            throw OmnimanException.Invalid(field, $"'{field}' holds percent-escaped bytes that are not UTF-8 text.");
        }
        bytes.Clear();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
