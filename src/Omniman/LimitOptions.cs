namespace Omniman;

/// <summary>
/// Settings of <c>Omniman:Limits</c>: how much one request or one session may hold. Text lengths
/// are not here: they are the sizes of the columns that store them (SKU 64, names 200, keys 64).
/// </summary>
public sealed class LimitOptions
{
    public const string Section = "Omniman:Limits";

    /// <summary>Largest request body; larger ones answer 413 <c>payload_too_large</c>.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
    public int MaxOpsPerModify { get; set; } = 100;
    public int MaxLinesPerSession { get; set; } = 500;
    /// <summary>Largest quantity of one line.</summary>
    public decimal MaxQty { get; set; } = 1_000_000;
    /// <summary>Largest unit price, in minor units.</summary>
    public long MaxUnitPriceQ { get; set; } = 1_000_000_000_000;
    /// <summary>How deeply a <c>set_data</c> value may nest.</summary>
    public int MaxDataDepth { get; set; } = 10;
    /// <summary>Decimal places a quantity may have; order items store ten.</summary>
    public const int QtyDecimals = 10;
}
