namespace Omniman.Payments.Stripe;

/// <summary>
/// A Stripe webhook Omniman will not act on: its <c>Stripe-Signature</c> header is missing or does not
/// match the body under the webhook secret, its timestamp is more than five minutes from now, or the
/// signed body is not an event Omniman can read. The endpoint answers 400, so Stripe shows the
/// delivery as failed and tries it again later.
/// </summary>
public sealed class StripeWebhookException(string message, Exception? innerException = null)
    : Exception(message, innerException);
