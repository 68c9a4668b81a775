using Microsoft.EntityFrameworkCore;
using Omniman.AspNetCore.Orders;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Marketplaces.Http;

/// <summary>An order's marketplace ids, as <c>marketplace</c> in <c>GET /api/orders/{ref}</c>.</summary>
public sealed record OrderMarketplaceResponse(string Provider, string OrderId, string MerchantId, string? DisplayId, DateTime? ConfirmBy);

/// <summary>Adds <c>marketplace</c> to the order's answer; absent for orders that did not come from one.</summary>
internal sealed class OrderMarketplacePart(OmnimanDb db) : IOrderResponsePart
{
    public string Name => "marketplace";

    public Type Shape => typeof(OrderMarketplaceResponse);

    public async Task<object?> ReadAsync(Order order, CancellationToken ct)
    {
        // Only marketplace orders carry the handle: any other order costs no query.
        if (order.HandleType != ImportMarketplaceOrder.HandleType) return null;
        var link = await db.Set<MarketplaceOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.OrderRef == order.Ref, ct);
        return link is null ? null : new OrderMarketplaceResponse(link.Provider, link.OrderId, link.MerchantId, link.DisplayId, link.ConfirmBy);
    }
}
