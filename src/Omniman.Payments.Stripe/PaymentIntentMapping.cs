using Stripe;

namespace Omniman.Payments.Stripe;

/// <summary>A Stripe PaymentIntent in Omniman's words (docs/payments.md, "Stripe").</summary>
internal static class PaymentIntentMapping
{
    public static GatewayPayment ToPayment(PaymentIntent intent, StripeError? failure = null)
    {
        failure ??= intent.LastPaymentError;
        var status = ToStatus(intent.Status, failure is not null);
        return new GatewayPayment(intent.Id, status, intent.Amount, intent.AmountCapturable, intent.AmountReceived,
            // The client secret lets a browser finish the payment; it is handed out only when one must.
            ClientSecret: status == GatewayStatuses.RequiresAction ? intent.ClientSecret : null,
            Reason: status == GatewayStatuses.Declined ? Reason(failure) : null);
    }

    static string ToStatus(string stripeStatus, bool attemptFailed) => stripeStatus switch
    {
        "requires_capture" => GatewayStatuses.Authorized,
        "succeeded" => GatewayStatuses.Captured,
        "canceled" => GatewayStatuses.Cancelled,
        "requires_action" or "requires_confirmation" => GatewayStatuses.RequiresAction,
        // Stripe puts an intent back here when an attempt failed; one never tried waits for the
        // shop's front end to collect a method with the client secret.
        "requires_payment_method" => attemptFailed ? GatewayStatuses.Declined : GatewayStatuses.RequiresAction,
        // "processing", and any status a later API version adds: not held yet, so nothing to capture.
        _ => GatewayStatuses.Processing,
    };

    /// <summary>What an operator is shown: the most specific code Stripe gave, then its message.</summary>
    public static string? Reason(StripeError? error)
    {
        if (error is null) return null;
        var code = error.DeclineCode ?? error.Code;
        return (code, error.Message) switch
        {
            (null, null) => error.Type,
            (null, var message) => message,
            (var c, null) => c,
            (var c, var message) => $"{c}: {message}",
        };
    }
}
