using System.Text.Json.Nodes;
using Omniman.Directives;

namespace Omniman.Payments;

/// <summary>The directives of the payments module and their payloads.</summary>
public static class PaymentDirectives
{
    public const string Check = "payment.hold";
    public const string Capture = "payment.capture";
    public const string Cancel = "payment.cancel";
    public const string Refund = "payment.refund";

    public static Directive CaptureOrder(string orderRef, DateTime nowUtc) =>
        Directive.Create(Capture, new JsonObject { ["order_ref"] = orderRef }, nowUtc, Correlations.Order(orderRef));

    public static Directive CancelOrder(string orderRef, DateTime nowUtc) =>
        Directive.Create(Cancel, new JsonObject { ["order_ref"] = orderRef }, nowUtc, Correlations.Order(orderRef));

    public static Directive CancelSession(string channelCode, string sessionKey, DateTime nowUtc) =>
        Directive.Create(Cancel, new JsonObject { ["channel_code"] = channelCode, ["session_key"] = sessionKey }, nowUtc,
            Correlations.Session(channelCode, sessionKey));

    public static Directive RefundOf(PaymentRefund refund, DateTime nowUtc) =>
        Directive.Create(Refund, new JsonObject { ["refund_id"] = refund.Id }, nowUtc, Correlations.Order(refund.OrderRef));
}
