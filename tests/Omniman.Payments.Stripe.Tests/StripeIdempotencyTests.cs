using Omniman.TestKit.Stripe;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>
/// A step repeated with its key never charges twice: Stripe replays the first answer, and the backend
/// sends the caller's key on every write.
/// </summary>
public sealed class StripeIdempotencyTests : StripeHarness
{
    [Fact]
    public async Task Authorize_TwiceWithOneKey_MakesOneIntent()
    {
        var first = await AuthorizeAsync(key: "authorize-SESS-7");
        var second = await AuthorizeAsync(key: "authorize-SESS-7");

        Assert.Equal(first, second);
        Assert.Equal(1, Fake.PaymentIntentCount);
        Assert.Equal(2, Fake.Requests.Count(r => r.IdempotencyKey == "authorize-SESS-7"));
    }

    [Fact]
    public async Task Authorize_RetriedWithItsKeyAfterA500_MakesOneIntent()
    {
        Fake.Fail("/v1/payment_intents", FakeStripeFault.ServerError);

        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => AuthorizeAsync(key: "authorize-SESS-8"));
        var retried = await AuthorizeAsync(key: "authorize-SESS-8");

        Assert.Equal(GatewayStatuses.Authorized, retried.Status);
        Assert.Equal(1, Fake.PaymentIntentCount);
        // One call per attempt: Stripe.net's own retries are off, the caller's retry is the only one.
        Assert.Equal(2, Fake.Requests.Count);
    }

    [Fact]
    public async Task Authorize_RetriedWithItsKey_GetsTheSaved500Again()
    {
        Fake.Fail("/v1/payment_intents", FakeStripeFault.ServerErrorSaved);

        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => AuthorizeAsync(key: "authorize-SESS-9"));
        var replayed = await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => AuthorizeAsync(key: "authorize-SESS-9"));
        var fresh = await AuthorizeAsync(key: "authorize-SESS-9-b");

        Assert.Contains("500", replayed.Message, StringComparison.Ordinal);
        Assert.Equal(GatewayStatuses.Authorized, fresh.Status);
        Assert.Equal(1, Fake.PaymentIntentCount);
    }

    [Fact]
    public async Task Authorize_RetriedWithItsKeyAfterALostAnswer_GetsTheIntentStripeMade()
    {
        // Short, so the lost answer turns into a timeout quickly; the retry is the usual backend's.
        var impatient = BackendWith([new("Omniman:Payments:Stripe:TimeoutSeconds", "1")]);
        Fake.Fail("/v1/payment_intents", FakeStripeFault.LoseAnswer);

        var lost = await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => AuthorizeAsync(key: "authorize-SESS-10", backend: impatient));
        var retried = await AuthorizeAsync(key: "authorize-SESS-10");

        Assert.Contains("did not answer", lost.Message, StringComparison.Ordinal);
        Assert.Equal(1, Fake.PaymentIntentCount);
        Assert.Equal(GatewayStatuses.Authorized, retried.Status);
        Assert.Equal("requires_capture", Fake.PaymentIntent(retried.TransactionId)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Capture_RetriedWithItsKeyAfterA500_CapturesOnce()
    {
        var authorized = await AuthorizeAsync(2500);
        Fake.Fail($"/v1/payment_intents/{authorized.TransactionId}/capture", FakeStripeFault.ServerError);

        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => Backend.CaptureAsync(authorized.TransactionId, 2500, "capture-ORD-2", default));
        var captured = await Backend.CaptureAsync(authorized.TransactionId, 2500, "capture-ORD-2", default);
        var again = await Backend.CaptureAsync(authorized.TransactionId, 2500, "capture-ORD-2", default);

        Assert.Equal((GatewayStatuses.Captured, 2500L), (captured.Status, captured.CapturedQ));
        Assert.Equal(captured, again);
    }

    [Fact]
    public async Task Refund_TwiceWithOneKey_RefundsOnce()
    {
        var authorized = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(authorized.TransactionId, 2500, Key("capture"), default);

        var first = await Backend.RefundAsync(authorized.TransactionId, 1000, "requested_by_customer", "refund-ORD-3-1", default);
        var second = await Backend.RefundAsync(authorized.TransactionId, 1000, "requested_by_customer", "refund-ORD-3-1", default);

        Assert.Equal(first, second);
        Assert.Equal(1000, Fake.Charge(authorized.TransactionId)["amount_refunded"]!.GetValue<long>());
    }

    [Fact]
    public async Task OneKey_WithOtherParameters_IsRefused()
    {
        await AuthorizeAsync(2500, key: "authorize-SESS-11");

        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() => AuthorizeAsync(3000, key: "authorize-SESS-11"));

        Assert.Equal("idempotency_error", refused.Code);
        Assert.Equal(1, Fake.PaymentIntentCount);
    }
}
