namespace Omniman.Stock;

/// <summary>One change of on-hand stock, for the audit trail: sets, adjustments, fulfilled holds.</summary>
public sealed class StockMovement
{
    /// <summary>The longest reason an adjustment may give; the column holds this many characters.</summary>
    public const int MaxReasonLength = 200;

    private StockMovement() { }

    public long Id { get; private set; }
    public string Sku { get; private set; } = "";
    public decimal Delta { get; private set; }
    public decimal OnHandAfter { get; private set; }
    public string Reason { get; private set; } = "";
    public string? Reference { get; private set; }
    public DateTime CreatedAt { get; private set; }

    internal static StockMovement Create(string sku, decimal delta, decimal onHandAfter, string reason, string? reference, DateTime nowUtc) =>
        new() { Sku = sku, Delta = delta, OnHandAfter = onHandAfter, Reason = reason, Reference = reference, CreatedAt = nowUtc };
}
