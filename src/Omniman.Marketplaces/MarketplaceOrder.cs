namespace Omniman.Marketplaces;

/// <summary>
/// Which order a marketplace order became: written in the commit's transaction, so an event for the
/// marketplace order finds our order from then on, and the order's answer shows the marketplace's ids.
/// </summary>
public sealed class MarketplaceOrder
{
    public const int MaxDisplayIdLength = 64;

    private MarketplaceOrder() { }

    public string Provider { get; private set; } = "";
    public string OrderId { get; private set; } = "";
    public string MerchantId { get; private set; } = "";
    public string OrderRef { get; private set; } = "";
    public string ChannelCode { get; private set; } = "";
    public string? DisplayId { get; private set; }
    /// <summary>When the marketplace cancels the order unless it is confirmed (iFood: 8 minutes after it was placed).</summary>
    public DateTime? ConfirmBy { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static MarketplaceOrder Of(string provider, string orderId, string merchantId, string orderRef, string channelCode,
        string? displayId, DateTime? confirmBy, DateTime nowUtc) => new()
    {
        Provider = provider, OrderId = orderId, MerchantId = merchantId, OrderRef = orderRef, ChannelCode = channelCode,
        DisplayId = displayId, ConfirmBy = confirmBy, CreatedAt = nowUtc,
    };
}
