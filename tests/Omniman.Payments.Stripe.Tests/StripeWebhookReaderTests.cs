using System.Text.Json.Nodes;
using Omniman.TestKit.Stripe;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>
/// Webhooks signed as Stripe signs them, checked by Stripe.net's verifier against the reader's clock,
/// and each event Omniman uses read into a notice.
/// </summary>
public sealed class StripeWebhookReaderTests : StripeHarness
{
    string Sign(string body, TimeSpan age = default) => StripeWebhookSigner.Header(body, Clock.GetUtcNow() - age, FakeStripe.WebhookSecret);

    async Task<string> AuthorizedEventAsync()
    {
        var payment = await AuthorizeAsync(2500);
        return Fake.PaymentIntentEvent("payment_intent.amount_capturable_updated", payment.TransactionId, "evt_authorized_1");
    }

    [Fact]
    public async Task Read_GivesTheNotice_WhenTheSignatureIsValid()
    {
        var payment = await AuthorizeAsync(2500);
        Clock.Advance(TimeSpan.FromMinutes(1));
        // The fake's events carry an older API version than the client's: read all the same.
        var body = Fake.PaymentIntentEvent("payment_intent.amount_capturable_updated", payment.TransactionId, "evt_authorized_1");

        var notice = Reader.Read(body, Sign(body));

        Assert.NotNull(notice);
        Assert.Equal(("evt_authorized_1", "payment_intent.amount_capturable_updated", payment.TransactionId),
            (notice.EventId, notice.Type, notice.TransactionId));
        Assert.Equal(DateTimeKind.Utc, notice.CreatedUtc.Kind);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeSeconds(), new DateTimeOffset(notice.CreatedUtc).ToUnixTimeSeconds());
        Assert.Equal(payment, notice.Payment);
        Assert.Null(notice.RefundedQ);
    }

    [Fact]
    public async Task Read_Refuses_WhenSignedWithAnotherSecret()
    {
        var body = await AuthorizedEventAsync();

        var refused = Assert.Throws<StripeWebhookException>(() =>
            Reader.Read(body, StripeWebhookSigner.Header(body, Clock.GetUtcNow(), "whsec_someone_else")));

        Assert.Contains("expected signature", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_Refuses_WhenTheBodyChangedAfterSigning()
    {
        var body = await AuthorizedEventAsync();
        var header = Sign(body);

        Assert.Throws<StripeWebhookException>(() => Reader.Read(body.Replace("2500", "25", StringComparison.Ordinal), header));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public async Task Read_Refuses_WhenTheTimestampIsMoreThanFiveMinutesFromNow(int secondsOld)
    {
        var body = await AuthorizedEventAsync();

        var refused = Assert.Throws<StripeWebhookException>(() => Reader.Read(body, Sign(body, TimeSpan.FromSeconds(secondsOld))));

        Assert.Contains("tolerance", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_Accepts_ATimestampWithinFiveMinutesOfTheReadersClock()
    {
        var body = await AuthorizedEventAsync();
        var header = Sign(body);
        // The reader's clock, not the machine's, decides: a signature that was fresh becomes old.
        Clock.Advance(TimeSpan.FromSeconds(299));

        Assert.NotNull(Reader.Read(body, header));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Throws<StripeWebhookException>(() => Reader.Read(body, header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("garbage")]
    [InlineData("t=notanumber,v1=00")]
    public async Task Read_Refuses_AMissingOrMalformedHeader(string? header)
    {
        var body = await AuthorizedEventAsync();

        Assert.Throws<StripeWebhookException>(() => Reader.Read(body, header));
    }

    [Fact]
    public async Task Read_Accepts_WhenOneOfSeveralV1SignaturesMatches()
    {
        var body = await AuthorizedEventAsync();
        // While a secret rolls over Stripe signs with each; a v0 (test mode's old scheme) is ignored.
        var header = StripeWebhookSigner.Header(body, Clock.GetUtcNow(), "whsec_the_old_one", FakeStripe.WebhookSecret) + ",v0=0123abcd";

        Assert.NotNull(Reader.Read(body, header));
    }

    [Fact]
    public async Task Read_Refuses_WhenOnlyAV0SignatureMatches()
    {
        var body = await AuthorizedEventAsync();
        var t = Clock.GetUtcNow().ToUnixTimeSeconds();
        var header = $"t={t},v0={StripeWebhookSigner.Signature(body, FakeStripe.WebhookSecret, t)}";

        Assert.Throws<StripeWebhookException>(() => Reader.Read(body, header));
    }

    [Fact]
    public void Read_GivesNothing_ForAnEventTypeOmnimanDoesNotUse()
    {
        var body = StripeEvents.Create("customer.created", new JsonObject { ["id"] = "cus_1", ["object"] = "customer" }, Clock.GetUtcNow());

        Assert.Null(Reader.Read(body, Sign(body)));
    }

    [Fact]
    public async Task Read_TakesTheCapture_FromPaymentIntentSucceeded()
    {
        var payment = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(payment.TransactionId, 2000, Key("capture"), default);
        var body = Fake.PaymentIntentEvent("payment_intent.succeeded", payment.TransactionId);

        var notice = Reader.Read(body, Sign(body))!;

        Assert.Equal((GatewayStatuses.Captured, 2000L, 0L), (notice.Payment!.Status, notice.Payment.CapturedQ, notice.Payment.CapturableQ));
    }

    [Fact]
    public async Task Read_TakesTheVoid_FromPaymentIntentCanceled()
    {
        var payment = await AuthorizeAsync(2500);
        await Backend.CancelAsync(payment.TransactionId, Key("cancel"), default);
        var body = Fake.PaymentIntentEvent("payment_intent.canceled", payment.TransactionId);

        Assert.Equal(GatewayStatuses.Cancelled, Reader.Read(body, Sign(body))!.Payment!.Status);
    }

    [Fact]
    public async Task Read_TakesTheDeclineAndItsReason_FromPaymentIntentPaymentFailed()
    {
        var payment = await AuthorizeAsync(2500, StripeTestCards.InsufficientFunds);
        var body = Fake.PaymentIntentEvent("payment_intent.payment_failed", payment.TransactionId);

        var notice = Reader.Read(body, Sign(body))!;

        Assert.Equal((GatewayStatuses.Declined, "insufficient_funds: Your card has insufficient funds."), (notice.Payment!.Status, notice.Payment.Reason));
    }

    [Fact]
    public async Task Read_TakesTheClientSecret_FromPaymentIntentRequiresAction()
    {
        var payment = await AuthorizeAsync(2500, StripeTestCards.ThreeDSecureRequired);
        var body = Fake.PaymentIntentEvent("payment_intent.requires_action", payment.TransactionId);

        var notice = Reader.Read(body, Sign(body))!;

        Assert.Equal((GatewayStatuses.RequiresAction, payment.ClientSecret), (notice.Payment!.Status, notice.Payment.ClientSecret));
    }

    [Fact]
    public async Task Read_TakesProcessing_FromPaymentIntentProcessing()
    {
        var payment = await AuthorizeAsync(2500, StripeTestCards.ThreeDSecureRequired);
        // Cards rarely stop here; bank debits do. The intent as Stripe would send it then:
        var intent = Fake.PaymentIntent(payment.TransactionId);
        intent["status"] = "processing";
        intent["next_action"] = null;
        var body = StripeEvents.Create("payment_intent.processing", intent, Clock.GetUtcNow());

        var notice = Reader.Read(body, Sign(body))!;

        Assert.Equal((GatewayStatuses.Processing, payment.TransactionId), (notice.Payment!.Status, notice.TransactionId));
    }

    [Fact]
    public async Task Read_TakesTheTotalRefunded_FromChargeRefunded()
    {
        var payment = await AuthorizeAsync(2500);
        await Backend.CaptureAsync(payment.TransactionId, 2500, Key("capture"), default);
        await Backend.RefundAsync(payment.TransactionId, 700, "requested_by_customer", Key("refund"), default);
        await Backend.RefundAsync(payment.TransactionId, 300, "requested_by_customer", Key("refund"), default);
        var body = Fake.ChargeRefundedEvent(payment.TransactionId, "evt_refunded_1");

        var notice = Reader.Read(body, Sign(body))!;

        Assert.Equal(("evt_refunded_1", "charge.refunded", payment.TransactionId, 1000L),
            (notice.EventId, notice.Type, notice.TransactionId, notice.RefundedQ));
        Assert.Null(notice.Payment);
    }

    [Fact]
    public void Read_GivesNothing_ForARefundedChargeMadeWithoutAPaymentIntent()
    {
        var charge = new JsonObject { ["id"] = "ch_legacy", ["object"] = "charge", ["amount"] = 500, ["amount_refunded"] = 500, ["payment_intent"] = null };
        var body = StripeEvents.Create("charge.refunded", charge, Clock.GetUtcNow());

        Assert.Null(Reader.Read(body, Sign(body)));
    }

    [Fact]
    public void Read_Refuses_APaymentIntentEventCarryingSomethingElse()
    {
        var body = StripeEvents.Create("payment_intent.succeeded", new JsonObject { ["id"] = "ch_1", ["object"] = "charge" }, Clock.GetUtcNow());

        var refused = Assert.Throws<StripeWebhookException>(() => Reader.Read(body, Sign(body)));

        Assert.Contains("does not carry a payment_intent", refused.Message, StringComparison.Ordinal);
    }
}
