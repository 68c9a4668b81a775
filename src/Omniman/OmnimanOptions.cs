namespace Omniman;

/// <summary>Settings of the <c>Omniman</c> configuration section (docs/configuration.md).</summary>
public sealed class OmnimanOptions
{
    public const string Section = "Omniman";

    public string SessionKeyPrefix { get; set; } = "SESS-";
    public int SessionKeyLength { get; set; } = 12;
    public double SessionTtlHours { get; set; } = 24;
    public string OrderRefPrefix { get; set; } = "ORD-";
    public string OrderRefDateFormat { get; set; } = "yyyyMMdd";
    public int OrderRefRandomLength { get; set; } = 6;
    public string LineIdPrefix { get; set; } = "L-";
    public int LineIdLength { get; set; } = 8;
    public double StockHoldTtlMinutes { get; set; } = 15;
    public double IdempotencyKeyTtlHours { get; set; } = 24;
    /// <summary>How long a commit attempt owns its idempotency key before a retry may take it over.</summary>
    public double IdempotencyLeaseSeconds { get; set; } = 60;
    /// <summary>How long a process trusts its cached copy of a channel; saving one evicts it on that process at once.</summary>
    public double ChannelCacheSeconds { get; set; } = 5;
    /// <summary>ISO 4217 currency of orders, unless a channel's config names its own <c>currency</c>.</summary>
    public string Currency { get; set; } = "BRL";
}
