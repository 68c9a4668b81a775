using System.Net;
using Stripe;

namespace Omniman.Payments.Stripe;

/// <summary>
/// Turns what went wrong in a call to Stripe into the port's two failures: a call worth repeating
/// with the same idempotency key (<see cref="PaymentGatewayUnavailableException"/>) or one Stripe will
/// never accept (<see cref="PaymentGatewayRefusedException"/>). Messages name the call, never the key.
/// </summary>
internal static class StripeFailures
{
    public static Exception Translate(StripeException e, string call)
    {
        var status = (int)e.HttpStatusCode;
        var error = e.StripeError;
        // 409 is Stripe's "a request with this idempotency key is still running": the same call later
        // gets that request's answer. A 2xx here is a body the client could not read.
        if (status >= 500 || status is 429 or 409 || status < 400)
            return new PaymentGatewayUnavailableException($"Stripe answered {status} to {call}: {error?.Message ?? "no error body"}.", e);
        // Stripe's own message for a bad key repeats part of it; ours names the setting instead, and
        // leaves Stripe's exception out.
        if (e.HttpStatusCode == HttpStatusCode.Unauthorized)
            return new PaymentGatewayRefusedException("authentication_failed",
                $"Stripe did not accept the secret key ({StripeOptions.Section}:SecretKey) for {call}.");
        var code = error?.Code ?? error?.Type ?? $"http_{status}";
        return new PaymentGatewayRefusedException(code, $"Stripe refused {call} ({status} {code}): {error?.Message}", e);
    }

    public static PaymentGatewayUnavailableException Unreachable(Exception e, string call) =>
        new($"Stripe could not be reached for {call}: {e.Message}", e);

    public static PaymentGatewayUnavailableException TimedOut(Exception e, string call, double seconds) =>
        new($"Stripe did not answer {call} within {seconds} s.", e);
}
