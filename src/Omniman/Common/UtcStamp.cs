using System.Globalization;

namespace Omniman.Common;

/// <summary>
/// A UTC time as people read it in messages and the CLI (<c>2026-12-03T17:11:45Z</c>): one format,
/// written with the invariant culture, so no machine's culture changes its separators.
/// </summary>
internal static class UtcStamp
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
