using Omniman.TestKit.Stripe;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>The <c>stripe</c> backend against the fake: what each call sends and how Stripe's answers read in Omniman's words.</summary>
public sealed class StripePaymentBackendTests : StripeHarness
{
    [Fact]
    public async Task Authorize_HoldsTheAmount_WhenTheCardApproves()
    {
        var payment = await Backend.AuthorizeAsync(
            new AuthorizeRequest(2500, "BRL", StripeTestCards.Visa, new Dictionary<string, string> { ["channel"] = "web", ["session"] = "SESS-1" }),
            "authorize-SESS-1", default);

        Assert.Equal(GatewayStatuses.Authorized, payment.Status);
        Assert.StartsWith("pi_", payment.TransactionId, StringComparison.Ordinal);
        Assert.Equal((2500, 2500, 0), (payment.AmountQ, payment.CapturableQ, payment.CapturedQ));
        Assert.Null(payment.ClientSecret);
        Assert.Null(payment.Reason);
        var sent = Assert.Single(Fake.Requests);
        Assert.Equal(("POST", "/v1/payment_intents", "authorize-SESS-1"), (sent.Method, sent.Path, sent.IdempotencyKey));
        Assert.Equal("2500", sent.Form["amount"]);
        Assert.Equal("brl", sent.Form["currency"]);
        Assert.Equal("manual", sent.Form["capture_method"]);
        Assert.Equal("true", sent.Form["confirm"]);
        Assert.Equal(StripeTestCards.Visa, sent.Form["payment_method"]);
        Assert.Equal("true", sent.Form["automatic_payment_methods[enabled]"]);
        Assert.Equal("never", sent.Form["automatic_payment_methods[allow_redirects]"]);
        Assert.Equal("web", sent.Form["metadata[channel]"]);
        Assert.Equal("SESS-1", sent.Form["metadata[session]"]);
        Assert.Equal("SESS-1", Fake.PaymentIntent(payment.TransactionId)["metadata"]!["session"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StripeTestCards.Declined, "generic_decline: Your card was declined.")]
    [InlineData(StripeTestCards.InsufficientFunds, "insufficient_funds: Your card has insufficient funds.")]
    [InlineData(StripeTestCards.ExpiredCard, "expired_card: Your card has expired.")]
    public async Task Authorize_IsDeclinedWithStripesReason_WhenTheCardIsRefused(string card, string reason)
    {
        var payment = await AuthorizeAsync(method: card);

        Assert.Equal(GatewayStatuses.Declined, payment.Status);
        Assert.Equal(reason, payment.Reason);
        Assert.Equal((2500, 0, 0), (payment.AmountQ, payment.CapturableQ, payment.CapturedQ));
        Assert.Equal("requires_payment_method", Fake.PaymentIntent(payment.TransactionId)["status"]!.GetValue<string>());
        Assert.Null(payment.ClientSecret);
    }

    [Fact]
    public async Task Authorize_NeedsTheCustomerWithTheClientSecret_WhenTheCardAsksForThreeDSecure()
    {
        var payment = await AuthorizeAsync(method: StripeTestCards.ThreeDSecureRequired);

        Assert.Equal(GatewayStatuses.RequiresAction, payment.Status);
        Assert.Equal(Fake.PaymentIntent(payment.TransactionId)["client_secret"]!.GetValue<string>(), payment.ClientSecret);
        Assert.Equal(0, payment.CapturableQ);

        Fake.CompleteAction(payment.TransactionId);
        var after = await Backend.GetAsync(payment.TransactionId, default);
        Assert.Equal((GatewayStatuses.Authorized, 2500L), (after.Status, after.CapturableQ));
        Assert.Null(after.ClientSecret);
    }

    [Fact]
    public async Task Get_IsDeclined_WhenTheCustomerFailedThreeDSecure()
    {
        var payment = await AuthorizeAsync(method: StripeTestCards.ThreeDSecureRequired);
        Fake.FailAction(payment.TransactionId);

        var after = await Backend.GetAsync(payment.TransactionId, default);

        Assert.Equal(GatewayStatuses.Declined, after.Status);
        Assert.StartsWith("payment_intent_authentication_failure: ", after.Reason, StringComparison.Ordinal);
        Assert.Equal("GET", Fake.Requests[^1].Method);
        Assert.Null(Fake.Requests[^1].IdempotencyKey);
    }

    [Fact]
    public async Task Authorize_WaitsForTheShopsFrontEnd_WhenNoMethodIsGiven()
    {
        var payment = await Backend.AuthorizeAsync(new AuthorizeRequest(990, "usd", null, new Dictionary<string, string>()), Key("authorize"), default);

        Assert.Equal(GatewayStatuses.RequiresAction, payment.Status);
        Assert.NotNull(payment.ClientSecret);
        var sent = Assert.Single(Fake.Requests);
        Assert.False(sent.Form.ContainsKey("confirm"));
        Assert.False(sent.Form.ContainsKey("payment_method"));
        Assert.Equal("manual", sent.Form["capture_method"]);
    }

    [Fact]
    public async Task Capture_TakesTheWholeAuthorization()
    {
        var authorized = await AuthorizeAsync(2500);

        var captured = await Backend.CaptureAsync(authorized.TransactionId, 2500, "capture-ORD-1", default);

        Assert.Equal(GatewayStatuses.Captured, captured.Status);
        Assert.Equal((2500, 0, 2500), (captured.AmountQ, captured.CapturableQ, captured.CapturedQ));
        var sent = Fake.Requests[^1];
        Assert.Equal(($"/v1/payment_intents/{authorized.TransactionId}/capture", "capture-ORD-1"), (sent.Path, sent.IdempotencyKey));
        Assert.Equal("2500", sent.Form["amount_to_capture"]);
    }

    [Fact]
    public async Task Capture_TakesPartAndReleasesTheRest_WhenLessIsCaptured()
    {
        var authorized = await AuthorizeAsync(2500);

        var captured = await Backend.CaptureAsync(authorized.TransactionId, 1800, Key("capture"), default);

        Assert.Equal(GatewayStatuses.Captured, captured.Status);
        Assert.Equal((2500, 0, 1800), (captured.AmountQ, captured.CapturableQ, captured.CapturedQ));
        Assert.Equal(1800, Fake.Charge(authorized.TransactionId)["amount_captured"]!.GetValue<long>());
    }

    [Fact]
    public async Task Capture_IsRefused_WhenMoreThanAuthorized()
    {
        var authorized = await AuthorizeAsync(2500);

        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            Backend.CaptureAsync(authorized.TransactionId, 2600, Key("capture"), default));

        Assert.Equal("amount_too_large", refused.Code);
        Assert.Equal(GatewayStatuses.Authorized, (await Backend.GetAsync(authorized.TransactionId, default)).Status);
    }

    [Fact]
    public async Task Capture_IsRefused_WhenAlreadyCapturedUnderAnotherKey()
    {
        var authorized = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(authorized.TransactionId, 2500, Key("capture"), default);

        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            Backend.CaptureAsync(authorized.TransactionId, 2500, Key("capture"), default));

        Assert.Equal("payment_intent_unexpected_state", refused.Code);
        Assert.Contains("status of succeeded", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_VoidsTheAuthorization()
    {
        var authorized = await AuthorizeAsync(2500);

        var cancelled = await Backend.CancelAsync(authorized.TransactionId, "cancel-ORD-1", default);

        Assert.Equal(GatewayStatuses.Cancelled, cancelled.Status);
        Assert.Equal((2500, 0, 0), (cancelled.AmountQ, cancelled.CapturableQ, cancelled.CapturedQ));
        Assert.Equal(($"/v1/payment_intents/{authorized.TransactionId}/cancel", "cancel-ORD-1"), (Fake.Requests[^1].Path, Fake.Requests[^1].IdempotencyKey));
    }

    [Fact]
    public async Task Cancel_IsRefused_WhenAlreadyCaptured()
    {
        var authorized = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(authorized.TransactionId, 2500, Key("capture"), default);

        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            Backend.CancelAsync(authorized.TransactionId, Key("cancel"), default));

        Assert.Equal("payment_intent_unexpected_state", refused.Code);
    }

    [Fact]
    public async Task Refund_GivesBackInParts_UpToWhatWasCaptured()
    {
        var authorized = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(authorized.TransactionId, 2500, Key("capture"), default);

        var first = await Backend.RefundAsync(authorized.TransactionId, 1000, "requested_by_customer", "refund-1", default);
        var second = await Backend.RefundAsync(authorized.TransactionId, 1500, "the parcel came back", "refund-2", default);

        Assert.Equal(("succeeded", 1000L), (first.Status, first.AmountQ));
        Assert.Equal(("succeeded", 1500L), (second.Status, second.AmountQ));
        Assert.StartsWith("re_", first.RefundId, StringComparison.Ordinal);
        Assert.NotEqual(first.RefundId, second.RefundId);
        Assert.Equal(2500, Fake.Charge(authorized.TransactionId)["amount_refunded"]!.GetValue<long>());
        var sent = Fake.Requests.Where(r => r.Path == "/v1/refunds").ToList();
        Assert.Equal((authorized.TransactionId, "1000", "requested_by_customer", "refund-1"),
            (sent[0].Form["payment_intent"], sent[0].Form["amount"], sent[0].Form["reason"], sent[0].IdempotencyKey));
        // Stripe takes three reasons; an operator's own words travel as metadata.
        Assert.False(sent[1].Form.ContainsKey("reason"));
        Assert.Equal("the parcel came back", sent[1].Form["metadata[reason]"]);
    }

    [Fact]
    public async Task Refund_IsRefused_BeyondWhatWasCaptured()
    {
        var authorized = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(authorized.TransactionId, 1800, Key("capture"), default);

        var tooMuch = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            Backend.RefundAsync(authorized.TransactionId, 1801, "requested_by_customer", Key("refund"), default));
        var all = await Backend.RefundAsync(authorized.TransactionId, 1800, "requested_by_customer", Key("refund"), default);
        var again = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            Backend.RefundAsync(authorized.TransactionId, 1, "requested_by_customer", Key("refund"), default));

        Assert.Equal("amount_too_large", tooMuch.Code);
        Assert.Equal(1800, all.AmountQ);
        Assert.Equal("charge_already_refunded", again.Code);
    }

    [Fact]
    public async Task Refund_IsRefused_BeforeCapture()
    {
        var authorized = await AuthorizeAsync(2500);

        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            Backend.RefundAsync(authorized.TransactionId, 100, "requested_by_customer", Key("refund"), default));

        Assert.Equal("payment_intent_unexpected_state", refused.Code);
    }

    [Fact]
    public async Task Get_ReadsThePaymentAsStripeHasItNow()
    {
        var authorized = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(authorized.TransactionId, 2000, Key("capture"), default);

        var payment = await Backend.GetAsync(authorized.TransactionId, default);

        Assert.Equal((GatewayStatuses.Captured, 2500L, 0L, 2000L), (payment.Status, payment.AmountQ, payment.CapturableQ, payment.CapturedQ));
    }
}
