namespace Omniman.Stock;

/// <summary>The on-hand quantity of a SKU in the built-in backend. A SKU without a level is not stock-tracked.</summary>
public sealed class StockLevel
{
    private StockLevel() { }

    public long Id { get; private set; }
    public string Sku { get; private set; } = "";
    public decimal OnHand { get; private set; }
    /// <summary>SKUs to offer instead when this one runs short, in order of preference.</summary>
    public List<string> Alternatives { get; private set; } = [];
    public DateTime UpdatedAt { get; private set; }

    public static StockLevel Create(string sku, DateTime nowUtc) => new() { Sku = sku, UpdatedAt = nowUtc };

    public StockMovement Set(decimal onHand, string reason, string? reference, DateTime nowUtc) => Move(onHand - OnHand, reason, reference, nowUtc);

    public StockMovement Move(decimal delta, string reason, string? reference, DateTime nowUtc)
    {
        OnHand += delta;
        UpdatedAt = nowUtc;
        return StockMovement.Create(Sku, delta, OnHand, reason, reference, nowUtc);
    }

    public void SetAlternatives(IEnumerable<string> skus, DateTime nowUtc)
    {
        Alternatives = [.. skus];
        UpdatedAt = nowUtc;
    }
}
