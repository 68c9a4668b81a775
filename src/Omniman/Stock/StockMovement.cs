namespace Omniman.Stock;

/// <summary>One change of on-hand stock, for the audit trail: sets, adjustments, fulfilled holds.</summary>
public sealed class StockMovement
{
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
