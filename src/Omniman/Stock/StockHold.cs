namespace Omniman.Stock;

public static class StockHoldStatuses
{
    public const string Active = "active";
    public const string Released = "released";
    public const string Fulfilled = "fulfilled";
    public const string Expired = "expired";
}

/// <summary>
/// A reservation of stock for a session. Active holds count against availability until they
/// expire; a committed session's holds are pinned (no expiry) until <c>stock.commit</c> fulfils them.
/// </summary>
public sealed class StockHold
{
    private StockHold() { }

    public long Id { get; private set; }
    public string HoldId { get; private set; } = "";
    public string Sku { get; private set; } = "";
    public decimal Qty { get; private set; }
    public string ChannelCode { get; private set; } = "";
    public string SessionKey { get; private set; } = "";
    public string Status { get; private set; } = StockHoldStatuses.Active;
    /// <summary>Null once pinned by a commit: the order owns the stock now.</summary>
    public DateTime? ExpiresAt { get; private set; }
    public string? OrderRef { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static StockHold Create(string holdId, string sku, decimal qty, string channelCode, string sessionKey, DateTime expiresAt, DateTime nowUtc) => new()
    {
        HoldId = holdId, Sku = sku, Qty = qty, ChannelCode = channelCode, SessionKey = sessionKey,
        ExpiresAt = expiresAt, CreatedAt = nowUtc, UpdatedAt = nowUtc,
    };

    /// <summary>Whether this hold reduces what others can have at <paramref name="nowUtc"/>.</summary>
    public bool Counts(DateTime nowUtc) => Status == StockHoldStatuses.Active && (ExpiresAt is null || ExpiresAt > nowUtc);

    public void Fulfil(string orderRef, DateTime nowUtc)
    {
        Status = StockHoldStatuses.Fulfilled;
        OrderRef = orderRef;
        UpdatedAt = nowUtc;
    }
}
