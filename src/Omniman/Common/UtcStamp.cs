using System.Globalization;

namespace Omniman.Common;

/// <summary>
/// UTC times at the edges: as people read them in messages and the CLI (<c>2026-12-03T17:11:45Z</c>),
/// in one format written with the invariant culture, and as clients send them.
/// </summary>
internal static class UtcStamp
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// A timestamp a client sent, as UTC (docs/api.md, Conventions). One without an offset is read as
    /// UTC, as the wire's timestamps are, never as the server's local time (what <c>ToUniversalTime</c>
    /// assumes of it); one with an offset (parsed as local time) is converted.
    /// </summary>
    public static DateTime FromClient(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
