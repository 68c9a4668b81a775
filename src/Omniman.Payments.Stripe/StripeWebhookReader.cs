using System.Text.Json;
using Microsoft.Extensions.Options;
using Stripe;

namespace Omniman.Payments.Stripe;

/// <summary>
/// Reads a webhook Stripe posted: checks its <c>Stripe-Signature</c> on the raw body with Stripe.net's
/// own verifier and turns the event into a <see cref="GatewayNotice"/> (docs/payments.md, "Stripe").
/// </summary>
public sealed class StripeWebhookReader(IOptions<StripeOptions> options, TimeProvider clock)
{
    /// <summary>How far, in seconds, a signature's timestamp may be from now: Stripe's own default, against replays.</summary>
    public const long ToleranceSeconds = EventUtility.DefaultTimeTolerance;

    /// <summary>
    /// The notice the webhook carries, or null for an event type Omniman does not use (Stripe sends
    /// whatever the endpoint subscribed to; answer those 200 too, so they are not delivered again).
    /// </summary>
    /// <param name="body">The request body exactly as received: the signature covers its bytes.</param>
    /// <param name="signatureHeader">The <c>Stripe-Signature</c> header: <c>t=…,v1=…</c>, with several <c>v1</c> while a secret rolls over.</param>
    /// <exception cref="StripeWebhookException">The signature is missing, wrong or too old, or the signed body is not an event.</exception>
    public GatewayNotice? Read(string body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
            throw new StripeWebhookException("The Stripe-Signature header is missing.");
        var stripeEvent = Verify(body, signatureHeader);
        var createdUtc = DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc);
        switch (stripeEvent.Type)
        {
            case EventTypes.PaymentIntentSucceeded:
            case EventTypes.PaymentIntentAmountCapturableUpdated:
            case EventTypes.PaymentIntentCanceled:
            case EventTypes.PaymentIntentPaymentFailed:
            case EventTypes.PaymentIntentRequiresAction:
            case EventTypes.PaymentIntentProcessing:
                var intent = stripeEvent.Data.Object as PaymentIntent
                    ?? throw NotCarrying(stripeEvent, "a payment_intent");
                return new GatewayNotice(stripeEvent.Id, stripeEvent.Type, intent.Id, createdUtc, PaymentIntentMapping.ToPayment(intent));
            case EventTypes.ChargeRefunded:
                var charge = stripeEvent.Data.Object as Charge
                    ?? throw NotCarrying(stripeEvent, "a charge");
                // A charge made outside PaymentIntents was not made by Omniman.
                return charge.PaymentIntentId is { } transactionId
                    ? new GatewayNotice(stripeEvent.Id, stripeEvent.Type, transactionId, createdUtc, RefundedQ: charge.AmountRefunded)
                    : null;
            default:
                return null;
        }
    }

    Event Verify(string body, string signatureHeader)
    {
        try
        {
            // The API version is not checked: an endpoint pinned to another version still sends the
            // fields read here, and refusing its events would lose them.
            return EventUtility.ConstructEvent(body, signatureHeader, options.Value.WebhookSecret, ToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            throw new StripeWebhookException($"The Stripe webhook was refused: {e.Message}", e);
        }
        // A header the verifier cannot parse (a timestamp that is not a number), or a signed body that
        // is not an event.
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw new StripeWebhookException($"The Stripe webhook could not be read: {e.Message}", e);
        }
    }

    static StripeWebhookException NotCarrying(Event stripeEvent, string what) =>
        new($"Stripe event {stripeEvent.Id} ({stripeEvent.Type}) does not carry {what}.");
}
