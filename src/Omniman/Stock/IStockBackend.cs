namespace Omniman.Stock;

/// <summary>What a SKU has: on hand, held by sessions, and available to new holds.</summary>
public sealed record StockAvailability(string Sku, decimal OnHand, decimal Held, decimal Available, bool Tracked);

/// <summary>A hold to create: this quantity of a SKU, for a session, until a time.</summary>
public sealed record HoldRequest(string Sku, decimal Qty, string ChannelCode, string SessionKey, DateTime ExpiresAt);

/// <summary>The answer to a hold request. A shortage is an expected outcome, not an error.</summary>
public sealed record HoldOutcome(string Sku, decimal Requested, string? HoldId, decimal Available, DateTime? ExpiresAt, bool Tracked)
{
    public bool IsHeld => HoldId is not null || !Tracked;
}

/// <summary>
/// A stock backend (docs/concepts.md, Stock). The built-in one keeps levels and holds in Omniman's database; another
/// (a WMS, an ERP) plugs in through the same port. Calls run inside the caller's transaction, and
/// what a backend adds to Omniman's context is saved by the caller (the built-in one adds its holds
/// and leaves them to the caller's next save).
/// </summary>
public interface IStockBackend
{
    Task<StockAvailability> AvailabilityAsync(string sku, CancellationToken ct);

    /// <summary>
    /// Reserves each quantity that is available, all at once: one outcome per request, in order.
    /// Concurrent holds of one SKU serialize.
    /// </summary>
    Task<IReadOnlyList<HoldOutcome>> HoldAsync(IReadOnlyList<HoldRequest> requests, CancellationToken ct);

    Task ReleaseAsync(string holdId, CancellationToken ct);

    /// <summary>
    /// Turns holds into a sale: on-hand goes down once per hold. Returns how many this call fulfilled (none on a rerun).
    /// A backend in Omniman's database stages the change in the caller's transaction, for its next save.
    /// </summary>
    Task<int> FulfilAsync(IReadOnlyList<string> holdIds, string orderRef, CancellationToken ct);

    /// <summary>Releases every active hold of a session; returns how many.</summary>
    Task<int> ReleaseSessionAsync(string channelCode, string sessionKey, CancellationToken ct);

    /// <summary>At commit: the session's holds stop expiring, the order owns them until fulfilled.</summary>
    Task PinSessionAsync(string channelCode, string sessionKey, string orderRef, CancellationToken ct);

    /// <summary>SKUs that could replace this one and have the quantity available.</summary>
    Task<IReadOnlyList<string>> AlternativesAsync(string sku, decimal qty, CancellationToken ct);
}
