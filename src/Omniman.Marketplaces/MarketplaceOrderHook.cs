using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Persistence;
using static Omniman.Marketplaces.MarketplaceJson;

namespace Omniman.Marketplaces;

/// <summary>
/// In the transaction of each change to a marketplace order: records which marketplace order an order
/// is when it is created (and queues the confirmation when its channel auto-confirms), and turns our
/// moves into actions for the marketplace. Moves the marketplace itself reported are not sent back.
/// </summary>
internal sealed class MarketplaceOrderHook(OmnimanDb db) : IOrderHook
{
    /// <summary>The status a marketplace cancellation ends in; reached only when the marketplace says so.</summary>
    public const string CancelledStatus = "cancelled";

    public async Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        switch (lifecycleEvent)
        {
            case OrderCreated created when created.Session.HandleType == ImportMarketplaceOrder.HandleType
                && MarketplaceSettings.Of(created.Channel) is { } settings:
                Link(created, settings);
                break;
            case OrderStatusChanged moved when moved.Order.HandleType == ImportMarketplaceOrder.HandleType
                && MarketplaceSettings.Of(moved.Channel) is { } settings:
                await SendMoveAsync(moved, settings, ct);
                break;
        }
    }

    private void Link(OrderCreated created, MarketplaceSettings settings)
    {
        var data = created.Session.Data[ImportMarketplaceOrder.DataKey] as JsonObject;
        var orderId = Text(data?["order_id"]) ?? created.Session.HandleRef!;
        var link = MarketplaceOrder.Of(settings.Provider, orderId, Text(data?["merchant_id"]) ?? "", created.OrderRef, created.Channel.Code,
            Text(data?["display_id"]), Time(data?["confirm_by"]), created.AtUtc);
        db.Add(link);
        // iFood cancels an order left unconfirmed for 8 minutes: with auto_confirm it is confirmed at once.
        if (settings.AutoConfirm)
            db.Add(MarketplaceDirectives.ForAction(link.Provider, link.OrderId, link.MerchantId, link.OrderRef, MarketplaceActions.Confirm, null, created.AtUtc));
    }

    private async Task SendMoveAsync(OrderStatusChanged moved, MarketplaceSettings settings, CancellationToken ct)
    {
        // The marketplace's own event moved it (ApplyExternalStatus): it knows already.
        if (moved.ExternalCode is not null) return;
        if (moved.To == CancelledStatus)
        {
            // A marketplace may refuse a cancellation, and a cancelled order cannot come back: so it is asked
            // for, and the order moves when the marketplace's event says it is cancelled.
            throw new OmnimanException("marketplace_cancellation",
                $"Order {moved.OrderRef} is a {settings.Provider} order: ask {settings.Provider} to cancel it with POST /api/orders/{moved.OrderRef}/marketplace/cancellation; it is cancelled when {settings.Provider} confirms.",
                new { order_ref = moved.OrderRef, provider = settings.Provider });
        }
        if (settings.ActionFor(moved.To) is not { } action) return;
        var link = db.Set<MarketplaceOrder>().Local.FirstOrDefault(o => o.OrderRef == moved.OrderRef)
            ?? await db.Set<MarketplaceOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.OrderRef == moved.OrderRef, ct);
        if (link is null) return;
        // An auto-confirmed order already has its confirmation queued.
        if (action == MarketplaceActions.Confirm && settings.AutoConfirm && db.Set<MarketplaceOrder>().Local.Contains(link)) return;
        db.Add(MarketplaceDirectives.ForAction(link.Provider, link.OrderId, link.MerchantId, link.OrderRef, action, moved.Reason, moved.AtUtc));
    }

}
