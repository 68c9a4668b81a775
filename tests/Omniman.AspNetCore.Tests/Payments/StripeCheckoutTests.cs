using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Omniman.TestKit;
using Omniman.TestKit.Stripe;

namespace Omniman.AspNetCore.Tests.Payments;

/// <summary>
/// A web shop that requires stock and payment, paid through the Stripe backend against a local fake
/// of Stripe's API: basket to captured to refunded, gateway faults, and signed webhooks (issue 16).
/// </summary>
public abstract class StripeCheckoutTests(OmnimanApp app, FakeStripe stripe)
{
    private static JsonObject WebShop(string? captureOn = null)
    {
        var payment = new JsonObject { ["backend"] = "stripe" };
        if (captureOn is not null) payment["capture_on"] = captureOn;
        return new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock", "payment"),
            ["post_commit_directives"] = new JsonArray("stock.commit"),
            ["payment"] = payment,
        };
    }

    private async Task<(ApiClient Admin, string Channel, string Key, string Sku)> BasketAsync(string? captureOn = null)
    {
        var admin = app.Admin();
        var sku = $"MUG-{Guid.NewGuid():N}"[..14];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("web", WebShop(captureOn));
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 2, 2500))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        return (admin, channel, key, sku);
    }

    private async Task<(ApiClient Admin, string OrderRef, string IntentId)> PaidOrderAsync(string? captureOn = null)
    {
        var (admin, channel, key, _) = await BasketAsync(captureOn);
        var payment = (await PaymentFlowTests.PayAsync(admin, channel, key, StripeTestCards.Visa)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("authorized", payment["status"]!.GetValue<string>());
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        return (admin, orderRef, payment["transaction_id"]!.GetValue<string>());
    }

    private static async Task<JsonNode> PaymentOfAsync(ApiClient admin, string orderRef) =>
        Assert.Single((await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["payments"]!.AsArray())!;

    private async Task<ApiResponse> PostEventAsync(string body, string signature)
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await client.SendAsync(request);
    }

    private Task<ApiResponse> PostSignedAsync(string body) =>
        PostEventAsync(body, StripeWebhookSigner.Header(body, app.Clock.GetUtcNow(), FakeStripe.WebhookSecret));

    [Fact]
    public async Task WebShop_TakesAnOrderFromBasketToCapturedToRefunded()
    {
        var (admin, orderRef, intent) = await PaidOrderAsync();
        using var _ = admin;
        Assert.Equal("requires_capture", stripe.PaymentIntent(intent)["status"]!.GetValue<string>());

        await app.DispatchAllAsync();
        Assert.Equal("succeeded", stripe.PaymentIntent(intent)["status"]!.GetValue<string>());
        Assert.Equal(5000, stripe.PaymentIntent(intent)["amount_received"]!.GetValue<long>());
        var payment = await PaymentOfAsync(admin, orderRef);
        Assert.Equal("captured", payment["status"]!.GetValue<string>());
        Assert.Equal(5000, payment["captured_q"]!.GetValue<long>());

        (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 1200, ["reason"] = "requested_by_customer" }))
            .Expect(HttpStatusCode.Created);
        await app.DispatchAllAsync();
        Assert.Equal(1200, stripe.Charge(intent)["amount_refunded"]!.GetValue<long>());
        Assert.Equal(1200, (await PaymentOfAsync(admin, orderRef))["refunded_q"]!.GetValue<long>());
        Assert.All(stripe.Requests.Where(r => r.Method == "POST" && r.Path.Contains(intent, StringComparison.Ordinal)),
            r => Assert.False(string.IsNullOrEmpty(r.IdempotencyKey)));
    }

    [Fact]
    public async Task DeclinedCard_IsABlockingIssue()
    {
        var (admin, channel, key, _) = await BasketAsync();
        using var _ = admin;
        var payment = (await PaymentFlowTests.PayAsync(admin, channel, key, StripeTestCards.Declined)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("declined", payment["status"]!.GetValue<string>());
        Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Conflict).ErrorCode);
    }

    [Fact]
    public async Task Capture_IsRetriedWithTheSameKey_AfterA500()
    {
        var (admin, orderRef, intent) = await PaidOrderAsync();
        using var _ = admin;
        stripe.Fail($"/v1/payment_intents/{intent}/capture", FakeStripeFault.ServerError);

        await app.DispatchAllAsync();
        Assert.Equal("authorized", (await PaymentOfAsync(admin, orderRef))["status"]!.GetValue<string>());
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.DispatchAllAsync();

        Assert.Equal("captured", (await PaymentOfAsync(admin, orderRef))["status"]!.GetValue<string>());
        var captures = stripe.Requests.Where(r => r.Path == $"/v1/payment_intents/{intent}/capture").ToList();
        Assert.Equal(2, captures.Count);
        Assert.Single(captures.Select(c => c.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task LostCaptureAnswer_NeverChargesTwice()
    {
        var (admin, orderRef, intent) = await PaidOrderAsync();
        using var _ = admin;
        stripe.Fail($"/v1/payment_intents/{intent}/capture", FakeStripeFault.LoseAnswer);

        await app.DispatchAllAsync();   // Stripe captured; the answer never came back
        Assert.Equal("succeeded", stripe.PaymentIntent(intent)["status"]!.GetValue<string>());
        Assert.Equal("authorized", (await PaymentOfAsync(admin, orderRef))["status"]!.GetValue<string>());
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.DispatchAllAsync();

        var payment = await PaymentOfAsync(admin, orderRef);
        Assert.Equal("captured", payment["status"]!.GetValue<string>());
        Assert.Equal(5000, payment["captured_q"]!.GetValue<long>());
        Assert.Equal(5000, stripe.PaymentIntent(intent)["amount_received"]!.GetValue<long>());
        var captures = stripe.Requests.Where(r => r.Path == $"/v1/payment_intents/{intent}/capture").ToList();
        Assert.Equal(2, captures.Count);
        Assert.Single(captures.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Webhook_IsRefused_WhenTheSignatureIsWrongOrOld()
    {
        var (admin, _, intent) = await PaidOrderAsync(captureOn: "ready");
        using var __ = admin;
        var body = stripe.PaymentIntentEvent("payment_intent.succeeded", intent);

        var wrong = await PostEventAsync(body, StripeWebhookSigner.Header(body, app.Clock.GetUtcNow(), "whsec_not_the_secret"));
        Assert.Equal("invalid_signature", wrong.Expect(HttpStatusCode.BadRequest).ErrorCode);
        var old = await PostEventAsync(body, StripeWebhookSigner.Header(body, app.Clock.GetUtcNow().AddSeconds(-301), FakeStripe.WebhookSecret));
        Assert.Equal("invalid_signature", old.Expect(HttpStatusCode.BadRequest).ErrorCode);
        Assert.Equal("invalid_signature", (await PostEventAsync(body, "")).Expect(HttpStatusCode.BadRequest).ErrorCode);
        var tampered = body.Replace("succeeded", "canceled", StringComparison.Ordinal);
        var signedOriginal = StripeWebhookSigner.Header(body, app.Clock.GetUtcNow(), FakeStripe.WebhookSecret);
        Assert.Equal("invalid_signature", (await PostEventAsync(tampered, signedOriginal)).Expect(HttpStatusCode.BadRequest).ErrorCode);
    }

    [Fact]
    public async Task Webhook_AppliesACaptureMadeElsewhereOnce_AndLateEventsNeverMoveItBack()
    {
        var (admin, orderRef, intent) = await PaidOrderAsync(captureOn: "ready");
        using var _ = admin;
        await app.DispatchAllAsync();
        var capturable = stripe.PaymentIntentEvent("payment_intent.amount_capturable_updated", intent);
        await CaptureInDashboardAsync(intent);
        var succeeded = stripe.PaymentIntentEvent("payment_intent.succeeded", intent, "evt_captured_1");

        Assert.Equal("applied", (await PostSignedAsync(succeeded)).Expect(HttpStatusCode.OK).Json["received"]!.GetValue<string>());
        Assert.Equal("duplicate", (await PostSignedAsync(succeeded)).Expect(HttpStatusCode.OK).Json["received"]!.GetValue<string>());
        Assert.Equal("applied", (await PostSignedAsync(capturable)).Expect(HttpStatusCode.OK).Json["received"]!.GetValue<string>());

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Json;
        Assert.Equal("captured", order["payments"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(5000, order["payments"]![0]!["captured_q"]!.GetValue<long>());
        Assert.Single(order["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "payment.captured");
    }

    [Fact]
    public async Task Webhook_CountsARefundMadeElsewhere()
    {
        var (admin, orderRef, intent) = await PaidOrderAsync();
        using var _ = admin;
        await app.DispatchAllAsync();
        await RefundInDashboardAsync(intent, 700);

        (await PostSignedAsync(stripe.ChargeRefundedEvent(intent))).Expect(HttpStatusCode.OK);
        Assert.Equal(700, (await PaymentOfAsync(admin, orderRef))["refunded_q"]!.GetValue<long>());
        Assert.Equal("refund_exceeds_captured",
            (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 4301, ["reason"] = "all" })).ErrorCode);
    }

    [Fact]
    public async Task Webhook_OfACustomerFinishing3DSecure_LetsTheSessionCommit()
    {
        var (admin, channel, key, _) = await BasketAsync();
        using var _ = admin;
        var payment = (await PaymentFlowTests.PayAsync(admin, channel, key, StripeTestCards.ThreeDSecureRequired)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("requires_action", payment["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(payment["client_secret"]!.GetValue<string>()));
        Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Conflict).ErrorCode);

        var intent = payment["transaction_id"]!.GetValue<string>();
        stripe.CompleteAction(intent);
        (await PostSignedAsync(stripe.PaymentIntentEvent("payment_intent.amount_capturable_updated", intent))).Expect(HttpStatusCode.OK);

        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json;
        Assert.Equal("ok", session["data"]!["checks"]!["payment"]!["status"]!.GetValue<string>());
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        Assert.Equal("captured", (await PaymentOfAsync(admin, orderRef))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_AboutAPaymentOmnimanDidNotMake_IsAcknowledged()
    {
        var body = StripeEvents.Create("payment_intent.succeeded",
            new JsonObject { ["id"] = "pi_elsewhere", ["object"] = "payment_intent", ["status"] = "succeeded", ["amount"] = 100, ["amount_received"] = 100, ["currency"] = "brl" },
            app.Clock.GetUtcNow());
        Assert.Equal("unknown_payment", (await PostSignedAsync(body)).Expect(HttpStatusCode.OK).Json["received"]!.GetValue<string>());
    }

    private Task CaptureInDashboardAsync(string intent) => StripeCallAsync($"/v1/payment_intents/{intent}/capture", []);

    private Task RefundInDashboardAsync(string intent, long amount) =>
        StripeCallAsync("/v1/refunds", [new("payment_intent", intent), new("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    /// <summary>A call to the fake as someone in Stripe's dashboard would make it, outside Omniman.</summary>
    private async Task StripeCallAsync(string path, KeyValuePair<string, string>[] form)
    {
        using var http = new HttpClient { BaseAddress = new Uri(stripe.ApiBase) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeStripe.SecretKey);
        using var content = new FormUrlEncodedContent(form);
        (await http.PostAsync(new Uri(path, UriKind.Relative), content)).EnsureSuccessStatusCode();
    }
}

/// <summary>The app with the Stripe backend pointed at a fake of Stripe's API that lives as long as the app.</summary>
public sealed class StripeSqliteApp : SqliteApp
{
    public FakeStripe Stripe { get; private set; } = null!;

    public override async Task InitializeAsync() => Stripe = await FakeStripe.StartAsync(Clock);

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. Stripe.Settings, new("Omniman:Payments:Stripe:TimeoutSeconds", "2")];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

public sealed class StripePostgresApp : PostgresApp
{
    public FakeStripe Stripe { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Stripe = await FakeStripe.StartAsync(Clock);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. Stripe.Settings, new("Omniman:Payments:Stripe:TimeoutSeconds", "2")];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

public sealed class SqliteStripeCheckoutTests(StripeSqliteApp app) : StripeCheckoutTests(app, app.Stripe), IClassFixture<StripeSqliteApp>;

public sealed class PostgresStripeCheckoutTests(StripePostgresApp app) : StripeCheckoutTests(app, app.Stripe), IClassFixture<StripePostgresApp>;
