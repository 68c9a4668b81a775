using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Keys trusted for an hour: a revoked key is refused at once only if revoking evicts it from the
/// cache, not because the cache entry happened to expire.
/// </summary>
internal static class LongKeyCacheSettings
{
    public static readonly KeyValuePair<string, string>[] Values = [new("Omniman:Auth:CacheSeconds", "3600")];
}

public sealed class SqliteLongKeyCacheApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => LongKeyCacheSettings.Values;
}

public sealed class PostgresLongKeyCacheApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => LongKeyCacheSettings.Values;
}

/// <summary>Small modify and commit buckets (1 a second, burst 2); reads and other writes keep their defaults.</summary>
internal static class TightRateSettings
{
    public const int Burst = 2;
    public const int PermitsPerSecond = 1;

    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:RateLimits:Modify:PermitsPerSecond", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Omniman:RateLimits:Modify:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Omniman:RateLimits:Commit:PermitsPerSecond", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Omniman:RateLimits:Commit:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>The same small buckets, switched off.</summary>
    public static readonly KeyValuePair<string, string>[] Disabled = [.. Values, new("Omniman:RateLimits:Enabled", "false")];
}

public sealed class SqliteTightRateApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => TightRateSettings.Values;
}

public sealed class PostgresTightRateApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => TightRateSettings.Values;
}

public sealed class SqliteRateLimitsOffApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => TightRateSettings.Disabled;
}

public sealed class PostgresRateLimitsOffApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => TightRateSettings.Disabled;
}

/// <summary>Small request and session limits, so tests reach them with a handful of lines.</summary>
internal static class SmallLimitSettings
{
    public const int MaxBodyBytes = 4096;
    public const int MaxOpsPerModify = 5;
    public const int MaxLinesPerSession = 6;
    public const decimal MaxQty = 1000m;
    public const long MaxUnitPriceQ = 1_000_000;
    public const int MaxDataDepth = 3;

    private static string S(object value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;

    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:Limits:MaxBodyBytes", S(MaxBodyBytes)),
        new("Omniman:Limits:MaxOpsPerModify", S(MaxOpsPerModify)),
        new("Omniman:Limits:MaxLinesPerSession", S(MaxLinesPerSession)),
        new("Omniman:Limits:MaxQty", S(MaxQty)),
        new("Omniman:Limits:MaxUnitPriceQ", S(MaxUnitPriceQ)),
        new("Omniman:Limits:MaxDataDepth", S(MaxDataDepth)),
    ];
}

public sealed class SqliteSmallLimitsApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => SmallLimitSettings.Values;
}

public sealed class PostgresSmallLimitsApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => SmallLimitSettings.Values;
}

/// <summary>CORS on for one origin.</summary>
internal static class CorsSettings
{
    public const string AllowedOrigin = "https://shop.example";

    public static readonly KeyValuePair<string, string>[] Values = [new("Omniman:Cors:AllowedOrigins:0", AllowedOrigin)];
}

public sealed class SqliteCorsApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => CorsSettings.Values;
}

public sealed class PostgresCorsApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => CorsSettings.Values;
}
