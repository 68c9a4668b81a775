using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Payments;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Payments;

/// <summary>Payments with the mock backend through the API: authorize, the payment check, capture, void, refunds (issue 16).</summary>
public abstract class PaymentFlowTests(OmnimanApp app)
{
    internal static JsonObject PaidChannel(string? captureOn = null, bool confirmOnPayment = true)
    {
        var config = new JsonObject { ["required_checks_on_commit"] = new JsonArray("payment") };
        if (captureOn is not null) config["payment"] = new JsonObject { ["capture_on"] = captureOn };
        if (confirmOnPayment)
            config["order_flow"] = new JsonObject { ["auto_transitions"] = new JsonObject { ["on_payment_confirm"] = "confirmed" } };
        return config;
    }

    internal static Task<ApiResponse> PayAsync(ApiClient client, string channel, string key, string? method = "pm_card_visa", string? backend = null)
    {
        var body = new JsonObject { ["channel_code"] = channel };
        if (method is not null) body["method"] = method;
        if (backend is not null) body["backend"] = backend;
        return client.PostAsync($"/api/sessions/{key}/payments", body);
    }

    private async Task<(ApiClient Admin, string Channel, string Key)> BasketAsync(JsonObject? config = null, long unitPriceQ = 1500, decimal qty = 2)
    {
        var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("pay", config ?? PaidChannel());
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-P", qty, unitPriceQ))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        return (admin, channel, key);
    }

    private static async Task<JsonNode> CheckAsync(ApiClient admin, string channel, string key) =>
        (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["data"]!["checks"]!["payment"]!;

    /// <summary>The one issue the payment check raised on the session.</summary>
    private static async Task<JsonNode> IssueAsync(ApiClient admin, string channel, string key) =>
        Assert.Single((await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["data"]!["issues"]!.AsArray(),
            i => i!["source"]!.GetValue<string>() == "payment")!;

    private static async Task<JsonNode> OrderAsync(ApiClient admin, string orderRef) =>
        (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

    private static string[] EventTypes(JsonNode order) => [.. order["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>())];

    [Fact]
    public async Task PaidCheckout_AuthorizesCapturesAndConfirms_WithTheMockBackend()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;

        var payment = (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("authorized", payment["status"]!.GetValue<string>());
        Assert.Equal(3000, payment["amount_q"]!.GetValue<long>());
        Assert.Equal("mock", payment["backend"]!.GetValue<string>());
        Assert.Equal(1, payment["rev"]!.GetValue<int>());
        var check = await CheckAsync(admin, channel, key);
        Assert.Equal("ok", check["status"]!.GetValue<string>());
        Assert.Equal(3000, check["result"]!["authorized_q"]!.GetValue<long>());

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();

        var order = await OrderAsync(admin, orderRef);
        var stored = Assert.Single(order["payments"]!.AsArray())!;
        Assert.Equal(payment["id"]!.GetValue<string>(), stored["id"]!.GetValue<string>());
        Assert.Equal("captured", stored["status"]!.GetValue<string>());
        Assert.Equal(3000, stored["captured_q"]!.GetValue<long>());
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        Assert.Contains("payment.captured", EventTypes(order));
        Assert.Null(stored["client_secret"]);
    }

    [Fact]
    public async Task Commit_IsRefusedWithPaymentRequired_WhenNothingIsAuthorized()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;

        Assert.Equal("issues", (await CheckAsync(admin, channel, key))["status"]!.GetValue<string>());
        Assert.Equal("payment_required", (await IssueAsync(admin, channel, key))["code"]!.GetValue<string>());
        Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Conflict).ErrorCode);
    }

    [Fact]
    public async Task DeclinedCard_IsABlockingIssueNotARetry()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;

        var payment = (await PayAsync(admin, channel, key, MockPaymentBackend.Declined)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("declined", payment["status"]!.GetValue<string>());
        Assert.Contains("declined", payment["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var issue = await IssueAsync(admin, channel, key);
        Assert.Equal("payment_declined", issue["code"]!.GetValue<string>());
        Assert.True(issue["blocking"]!.GetValue<bool>());
        Assert.Equal(0, await app.DispatchAllAsync());
        Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Conflict).ErrorCode);

        // Another card, same basket: a new payment, and the check stands.
        Assert.Equal("authorized", (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created).Json["status"]!.GetValue<string>());
        Assert.Equal("ok", (await CheckAsync(admin, channel, key))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequiresAction_AnswersTheClientSecretOnce()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;

        var payment = (await PayAsync(admin, channel, key, MockPaymentBackend.RequiresAction)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("requires_action", payment["status"]!.GetValue<string>());
        Assert.StartsWith("mock_secret_", payment["client_secret"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("payment_required", (await IssueAsync(admin, channel, key))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedAuthorize_FindsTheSamePayment()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;

        var first = (await PayAsync(admin, channel, key, MockPaymentBackend.RequiresAction)).Expect(HttpStatusCode.Created).Json;
        var second = (await PayAsync(admin, channel, key, MockPaymentBackend.RequiresAction)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.Equal(first["transaction_id"]!.GetValue<string>(), second["transaction_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GrownTotal_MakesTheCheckStale_UntilTheDifferenceIsAuthorized()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        Assert.Equal("payment_not_needed", (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Conflict).ErrorCode);

        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-Q", 1, 500))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        var issue = await IssueAsync(admin, channel, key);
        Assert.Equal("payment_amount_changed", issue["code"]!.GetValue<string>());
        Assert.Equal(3500, issue["context"]!["total_q"]!.GetValue<long>());
        Assert.Equal(3000, issue["context"]!["authorized_q"]!.GetValue<long>());

        var difference = (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal(500, difference["amount_q"]!.GetValue<long>());
        Assert.Equal("ok", (await CheckAsync(admin, channel, key))["status"]!.GetValue<string>());

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        var payments = (await OrderAsync(admin, orderRef))["payments"]!.AsArray();
        Assert.Equal([500L, 3000L], payments.Select(p => p!["captured_q"]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task ShrunkTotal_CapturesTheTotalAndNoMore()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        (await admin.ModifyAsync(channel, key, new JsonObject { ["op"] = "set_qty", ["line_id"] = await LineIdAsync(admin, channel, key), ["qty"] = 1 }))
            .Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.Equal("ok", (await CheckAsync(admin, channel, key))["status"]!.GetValue<string>());

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        var payment = Assert.Single((await OrderAsync(admin, orderRef))["payments"]!.AsArray())!;
        Assert.Equal(3000, payment["amount_q"]!.GetValue<long>());
        Assert.Equal(1500, payment["captured_q"]!.GetValue<long>());
    }

    [Fact]
    public async Task SpareAuthorization_IsVoidedAndTheOrderStillConfirmed_WhenTheTotalShrankBack()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-Q", 1, 500))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        // Later than the first, so the capture takes the first whole and voids this one last.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var spare = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["items"]!.AsArray()
            .Single(i => i!["sku"]!.GetValue<string>() == "SKU-Q")!["line_id"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, new JsonObject { ["op"] = "remove_line", ["line_id"] = spare })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        var order = await OrderAsync(admin, orderRef);
        Assert.Equal(["cancelled", "captured"], order["payments"]!.AsArray().Select(p => p!["status"]!.GetValue<string>()).Order());
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
    }

    private static async Task<string> LineIdAsync(ApiClient admin, string channel, string key) =>
        (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["items"]![0]!["line_id"]!.GetValue<string>();

    [Fact]
    public async Task Refunds_AddUpToTheCapturedAmount()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();

        var refund = (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 1000, ["reason"] = "one cup broke" }))
            .Expect(HttpStatusCode.Created).Json;
        Assert.Equal(1000, refund["amount_q"]!.GetValue<long>());
        Assert.Equal("requested", refund["refunds"]![0]!["status"]!.GetValue<string>());
        var tooMuch = (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 2001, ["reason"] = "all of it" }))
            .Expect((HttpStatusCode)422);
        Assert.Equal("refund_exceeds_captured", tooMuch.ErrorCode);
        Assert.Equal(2000, tooMuch.Json["error"]!["context"]!["refundable_q"]!.GetValue<long>());
        (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 2000, ["reason"] = "the rest" }))
            .Expect(HttpStatusCode.Created);
        await app.DispatchAllAsync();

        var order = await OrderAsync(admin, orderRef);
        Assert.Equal(3000, order["payments"]![0]!["refunded_q"]!.GetValue<long>());
        Assert.Equal(2, EventTypes(order).Count(t => t == "payment.refunded"));
        Assert.Equal("refund_exceeds_captured",
            (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 1, ["reason"] = "more" })).ErrorCode);
    }

    [Fact]
    public async Task Refund_IsRefusedWithTheFieldNamed_WhenTheAmountIsNotPositive()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var bad = (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 0, ["reason"] = "x" }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal("amount_q", bad.Json["error"]!["context"]!["field"]!.GetValue<string>());
        Assert.Equal("missing_field", (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 5 })).ErrorCode);
    }

    [Fact]
    public async Task CancelledBeforeCapture_VoidsTheAuthorization()
    {
        var (admin, channel, key) = await BasketAsync(PaidChannel(captureOn: "ready", confirmOnPayment: false));
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        Assert.Equal("authorized", (await OrderAsync(admin, orderRef))["payments"]![0]!["status"]!.GetValue<string>());

        (await admin.TransitionAsync(orderRef, "cancelled", reason: "customer left")).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        var order = await OrderAsync(admin, orderRef);
        Assert.Equal("cancelled", order["payments"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(0, order["payments"]![0]!["captured_q"]!.GetValue<long>());
        Assert.Contains("payment.cancelled", EventTypes(order));
        Assert.DoesNotContain("payment.captured", EventTypes(order));
    }

    [Fact]
    public async Task CaptureOn_WaitsForThatStatus()
    {
        var (admin, channel, key) = await BasketAsync(PaidChannel(captureOn: "ready", confirmOnPayment: false));
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.Equal("authorized", (await OrderAsync(admin, orderRef))["payments"]![0]!["status"]!.GetValue<string>());

        (await admin.TransitionAsync(orderRef, "ready")).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.Equal("captured", (await OrderAsync(admin, orderRef))["payments"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task CancelledAfterCapture_RefundsWhatWasCaptured()
    {
        var (admin, channel, key) = await BasketAsync(PaidChannel(confirmOnPayment: false));
        using var _ = admin;
        (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 500, ["reason"] = "a discount" }))
            .Expect(HttpStatusCode.Created);

        (await admin.TransitionAsync(orderRef, "cancelled")).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        var order = await OrderAsync(admin, orderRef);
        Assert.Equal("captured", order["payments"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(3000, order["payments"]![0]!["refunded_q"]!.GetValue<long>());
        Assert.Equal(2, EventTypes(order).Count(t => t == "payment.refunded"));
    }

    [Fact]
    public async Task AbandonedSession_VoidsItsAuthorization()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;
        var payment = (await PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created).Json;
        (await admin.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();

        var status = await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Omniman.Persistence.OmnimanDb>();
            return await db.Set<Payment>().Where(p => p.Id == payment["id"]!.GetValue<string>()).Select(p => p.Status).SingleAsync();
        });
        Assert.Equal("cancelled", status);
    }

    [Fact]
    public async Task ChannelConfig_RefusesACaptureStatusOutsideTheFlow()
    {
        using var admin = app.Admin();
        var config = PaidChannel(captureOn: "shipped");
        var response = await admin.PostAsync("/api/channels", new JsonObject { ["code"] = $"bad-{Guid.NewGuid():N}"[..12], ["name"] = "Bad", ["config"] = config });
        Assert.Equal("validation_error", response.Expect(HttpStatusCode.BadRequest).ErrorCode);
        Assert.Equal("config.payment.capture_on", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        var typo = new JsonObject { ["payment"] = new JsonObject { ["captureOn"] = "ready" } };
        Assert.Equal("unknown_field",
            (await admin.PostAsync("/api/channels", new JsonObject { ["code"] = $"bad-{Guid.NewGuid():N}"[..12], ["name"] = "Bad", ["config"] = typo })).ErrorCode);
    }

    [Fact]
    public async Task UnknownBackend_IsRefusedNamingTheOnesThereAre()
    {
        var (admin, channel, key) = await BasketAsync();
        using var _ = admin;
        var response = (await PayAsync(admin, channel, key, backend: "paypal")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("mock", response.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

public sealed class SqlitePaymentFlowTests(SqliteApp app) : PaymentFlowTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPaymentFlowTests(PostgresApp app) : PaymentFlowTests(app), IClassFixture<PostgresApp>;
