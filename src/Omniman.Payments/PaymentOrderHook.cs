using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>
/// Queues the payment steps an order's moves call for, in the move's transaction: the capture when
/// the order is created (or reaches the channel's <c>payment.capture_on</c> status), the void or
/// refund when it is cancelled.
/// </summary>
public sealed class PaymentOrderHook(OmnimanDb db) : IOrderHook
{
    public const string CancelledStatus = "cancelled";

    public Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        if (!PaymentSettings.Takes(lifecycleEvent.Channel)) return Task.CompletedTask;
        var settings = PaymentSettings.Of(lifecycleEvent.Channel);
        var at = lifecycleEvent.AtUtc;
        switch (lifecycleEvent)
        {
            // Without capture_on, at commit. The kernel queues a channel's post-commit directives
            // itself: a capture listed there is not queued twice.
            case OrderCreated created when settings.CaptureOn is null
                ? !created.Channel.Settings.PostCommitDirectives.Contains(PaymentDirectives.Capture)
                : settings.CaptureOn == created.Status:
                db.Add(PaymentDirectives.CaptureOrder(lifecycleEvent.OrderRef, at));
                break;
            case OrderStatusChanged moved when moved.To == CancelledStatus:
                db.Add(PaymentDirectives.CancelOrder(lifecycleEvent.OrderRef, at));
                break;
            case OrderStatusChanged moved when moved.To == settings.CaptureOn:
                db.Add(PaymentDirectives.CaptureOrder(lifecycleEvent.OrderRef, at));
                break;
        }
        return Task.CompletedTask;
    }
}
