using Microsoft.Extensions.Options;
using Omniman.Common;
using Stripe;

namespace Omniman.Payments.Stripe;

/// <summary>
/// The <c>stripe</c> backend: PaymentIntents with manual capture through the official client
/// (docs/payments.md, "Stripe"). Every write carries the caller's idempotency key, so a directive
/// that runs again after a crash or a timeout gets Stripe's first answer back instead of a second
/// charge.
/// </summary>
internal sealed class StripePaymentBackend(IHttpClientFactory httpClients, IOptions<StripeOptions> options) : IPaymentBackend
{
    public const string HttpClientName = "Omniman.Payments.Stripe";

    /// <summary>
    /// Stripe.net retries on its own (twice by default). Off: the caller already repeats a failed
    /// step with the same key, with backoff and an attempt limit (the directive worker), or answers
    /// the client, who may try again; retries here would multiply a hung call's time past the
    /// directive's lease.
    /// </summary>
    const int LibraryRetries = 0;

    // Stripe asks integrations to name themselves in the User-Agent.
    static readonly AppInfo App = new() { Name = "Omniman", Version = typeof(StripePaymentBackend).Assembly.GetName().Version?.ToString(3) };

    public string Name => "stripe";

    public async Task<GatewayPayment> AuthorizeAsync(AuthorizeRequest request, string idempotencyKey, CancellationToken ct)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = request.AmountQ,
            Currency = request.Currency.ToLowerInvariant(),
            CaptureMethod = "manual",
            Metadata = new Dictionary<string, string>(request.Metadata),
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
        };
        if (!string.IsNullOrEmpty(request.Method))
        {
            // Confirmed here, on the server, with the token the shop's front end collected. A
            // server-side confirm has no page to come back to: methods that redirect the customer are
            // left out, which spares the return_url Stripe would otherwise require.
            create.PaymentMethod = request.Method;
            create.Confirm = true;
            create.AutomaticPaymentMethods.AllowRedirects = "never";
        }
        // Without a method the intent waits for the front end to collect one with its client secret.
        try
        {
            var intent = await CallAsync(c => new PaymentIntentService(c).CreateAsync(create, Keyed(idempotencyKey), ct),
                "authorize", ct);
            return PaymentIntentMapping.ToPayment(intent);
        }
        catch (PaymentGatewayRefusedException refused) when (refused.InnerException is StripeException
            { StripeError: { Type: "card_error", PaymentIntent: { } declined } error })
        {
            // A refused card is an answer about the payment, not a failed call: Stripe answers 402 and
            // keeps the intent, now waiting for another method.
            return PaymentIntentMapping.ToPayment(declined, declined.LastPaymentError ?? error);
        }
    }

    public async Task<GatewayPayment> CaptureAsync(string transactionId, long amountQ, string idempotencyKey, CancellationToken ct)
    {
        var capture = new PaymentIntentCaptureOptions { AmountToCapture = amountQ };
        var intent = await CallAsync(c => new PaymentIntentService(c).CaptureAsync(transactionId, capture, Keyed(idempotencyKey), ct),
            $"capture of {transactionId}", ct);
        return PaymentIntentMapping.ToPayment(intent);
    }

    public async Task<GatewayPayment> CancelAsync(string transactionId, string idempotencyKey, CancellationToken ct)
    {
        var intent = await CallAsync(c => new PaymentIntentService(c).CancelAsync(transactionId, new PaymentIntentCancelOptions(), Keyed(idempotencyKey), ct),
            $"cancel of {transactionId}", ct);
        return PaymentIntentMapping.ToPayment(intent);
    }

    public async Task<GatewayRefund> RefundAsync(string transactionId, long amountQ, string reason, string idempotencyKey, CancellationToken ct)
    {
        var refund = new RefundCreateOptions
        {
            PaymentIntent = transactionId,
            Amount = amountQ,
            // Stripe takes only its three reasons; the operator's own words go with the refund as metadata.
            Reason = StripeRefundReasons.Contains(reason) ? reason : null,
            Metadata = string.IsNullOrEmpty(reason) ? null : new Dictionary<string, string> { ["reason"] = Text.Truncate(reason, 500)! },
        };
        var created = await CallAsync(c => new RefundService(c).CreateAsync(refund, Keyed(idempotencyKey), ct),
            $"refund of {transactionId}", ct);
        return new GatewayRefund(created.Id, RefundStatus(created.Status), created.Amount, created.FailureReason);
    }

    public async Task<GatewayPayment> GetAsync(string transactionId, CancellationToken ct)
    {
        var intent = await CallAsync(c => new PaymentIntentService(c).GetAsync(transactionId, null, null, ct),
            $"read of {transactionId}", ct);
        return PaymentIntentMapping.ToPayment(intent);
    }

    static readonly HashSet<string> StripeRefundReasons = ["duplicate", "fraudulent", "requested_by_customer"];

    // A refund that needs the customer (some bank methods) is still on its way, as far as Omniman can tell.
    static string RefundStatus(string status) => status == "requires_action" ? "pending" : status;

    static RequestOptions Keyed(string idempotencyKey) => new() { IdempotencyKey = idempotencyKey };

    async Task<T> CallAsync<T>(Func<StripeClient, Task<T>> call, string what, CancellationToken ct)
    {
        var settings = options.Value;
        try
        {
            return await call(Client(settings));
        }
        catch (StripeException e)
        {
            throw StripeFailures.Translate(e, what);
        }
        catch (HttpRequestException e)
        {
            throw StripeFailures.Unreachable(e, what);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // The HTTP client's timeout, not the caller giving up.
            throw StripeFailures.TimedOut(e, what, settings.TimeoutSeconds);
        }
    }

    /// <summary>
    /// A client per call over a client from the factory, as the factory intends, so its handlers are
    /// pooled and renewed (DNS changes reach us) whatever lifetime the caller holds this backend for.
    /// Building one is a few small objects beside a network call.
    /// </summary>
    StripeClient Client(StripeOptions settings)
    {
        var http = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), LibraryRetries, App, enableTelemetry: false);
        return new StripeClient(settings.SecretKey, httpClient: http, apiBase: settings.ApiBase.TrimEnd('/'));
    }
}
