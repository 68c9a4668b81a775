using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.Simulator.Rappi;
using Omniman.TestKit;

namespace Omniman.Marketplaces.Tests;

/// <summary>
/// Rappi orders through the real pipeline against the simulated Rappi (issue 17): a new order, which Rappi returns
/// once, lands once and is never lost; take with cooking time, reject and ready for pickup go out; signed webhooks
/// and the health check; tokens renewed on a 401.
/// </summary>
public abstract class RappiFlowTests(OmnimanApp app, RappiSimulator rappi)
{
    private static JsonObject MarketplaceChannel(string storeId, string? cancellationCode = null) => new()
    {
        ["marketplace"] = new JsonObject
        {
            ["provider"] = "rappi", ["merchant_ids"] = new JsonArray(storeId), ["cancellation_code"] = cancellationCode,
            ["actions"] = new JsonObject { ["confirmed"] = "confirm", ["ready"] = "ready" },
        },
        ["status_mapping"] = new JsonObject { ["canceled_with_charge"] = "cancelled", ["canceled_without_charge"] = "cancelled" },
    };

    private async Task<(string Channel, string Store)> ChannelAsync(string? cancellationCode = null)
    {
        using var admin = app.Admin();
        var store = $"store-{Guid.NewGuid():N}";
        var config = MarketplaceChannel(store, cancellationCode);
        if (cancellationCode is null) config["marketplace"]!.AsObject().Remove("cancellation_code");
        var channel = await admin.CreateChannelAsync("rappi", config, editPolicy: "locked");
        return (channel, store);
    }

    private Task<(int Received, int Stored)> PollAsync() => app.InScopeAsync(sp =>
        sp.GetRequiredService<PollMarketplace>().ExecuteAsync(sp.GetRequiredService<MarketplaceAdapters>().Get("rappi"), CancellationToken.None));

    private Task<List<(string Ref, string Status)>> OrdersAsync(string channel) => app.InScopeAsync(async sp =>
        (await sp.GetRequiredService<OmnimanDb>().Orders.Where(o => o.ChannelCode == channel).OrderBy(o => o.Id)
            .Select(o => new { o.Ref, o.Status }).ToListAsync()).Select(o => (o.Ref, o.Status)).ToList());

    private Task<int> InboxCountAsync(string orderId) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().Set<InboxEvent>().CountAsync(e => e.Provider == "rappi" && e.OrderId == orderId));

    private async Task<JsonNode> OrderAsync(string orderRef)
    {
        using var admin = app.Admin();
        return (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
    }

    private async Task<(string Ref, string OrderId)> ImportedOrderAsync(string channel, string store)
    {
        var orderId = rappi.PlaceOrder(store);
        await PollAsync();
        await app.DispatchAllAsync();
        return (Assert.Single(await OrdersAsync(channel)).Ref, orderId);
    }

    private static IEnumerable<string> EventTypes(JsonNode order) => order["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());

    private async Task<ApiResponse> WebhookAsync(string body, string? signature)
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/rappi") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Rappi-Signature", signature);
        return await client.SendAsync(request);
    }

    private string Sign(string body) => rappi.Signature(body, app.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task NewOrder_LandsAsOneOrder_WhenWebhooksAndPollingBringItAtOnce()
    {
        var (channel, store) = await ChannelAsync();
        var orderId = rappi.PlaceOrder(store);
        var body = rappi.Order(orderId)!.ToJsonString();

        var webhooks = Enumerable.Range(0, 3).Select(_ => WebhookAsync(body, Sign(body))).ToList();
        var polls = Enumerable.Range(0, 2).Select(_ => PollAsync()).ToList();
        foreach (var answer in await Task.WhenAll(webhooks)) answer.Expect(HttpStatusCode.OK);
        await Task.WhenAll(polls);
        await Task.WhenAll(app.DispatchAllAsync(), app.DispatchAllAsync());

        Assert.Equal(1, await InboxCountAsync(orderId));
        var (orderRef, status) = Assert.Single(await OrdersAsync(channel));
        Assert.Equal("new", status);
        var order = await OrderAsync(orderRef);
        Assert.Equal(orderId, order["external_ref"]!.GetValue<string>());
        Assert.Equal(2 * 2590 + 1100, order["total_q"]!.GetValue<long>());
        var burger = order["items"]!.AsArray().Single(i => i!["sku"]!.GetValue<string>() == "BURGER-X")!;
        Assert.Equal(2590, burger["unit_price_q"]!.GetValue<long>());
        Assert.Equal("sin cebolla", burger["meta"]!["observations"]!.GetValue<string>());
        Assert.Contains(order["items"]!.AsArray(), i => i!["sku"]!.GetValue<string>() == "rappi-9002");
        var data = order["snapshot"]!["data"]!;
        Assert.Equal("Simulada", data["customer"]!["last_name"]!.GetValue<string>());
        Assert.Equal("external", data["payment"]!["method"]!.GetValue<string>());
        Assert.Equal("rappi", order["marketplace"]!["provider"]!.GetValue<string>());
        Assert.Equal(store, order["marketplace"]!["merchant_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task NewOrder_IsNotLost_WhenAReadOfNewOrdersNeverStoredIt()
    {
        var (channel, store) = await ChannelAsync();
        var orderId = rappi.PlaceOrder(store);
        // A poll that read the new orders and crashed before storing them: Rappi will not list this order as new again.
        Assert.Contains(rappi.ReadNewOrders(), o => o!["order_detail"]!["order_id"]!.GetValue<string>() == orderId);
        Assert.Equal("SENT", rappi.State(orderId));

        var (received, stored) = await PollAsync();
        Assert.True(received >= 1);
        Assert.True(stored >= 1);
        Assert.Equal(1, await InboxCountAsync(orderId));
        await app.DispatchAllAsync();
        Assert.Single(await OrdersAsync(channel));
    }

    [Fact]
    public async Task NewOrder_IsStoredWholeInTheInbox_BeforeItIsImported()
    {
        var (_, store) = await ChannelAsync();
        var orderId = rappi.PlaceOrder(store);
        var (received, stored) = await PollAsync();
        Assert.True(received >= 1 && stored >= 1);
        var raw = await app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().Set<InboxEvent>().AsNoTracking()
            .SingleAsync(e => e.Provider == "rappi" && e.OrderId == orderId));
        // The whole order is in the inbox: the import reads it from there, never from Rappi again.
        Assert.Equal(orderId, raw.ToInbound().Raw["order_detail"]!["order_id"]!.GetValue<string>());
        Assert.Equal(store, raw.MerchantId);
    }

    [Fact]
    public async Task OurMoves_TakeWithCookingTimeOnConfirmed_AndReadyForPickup_EvenWhenRappiAnswers5xxFirst()
    {
        var (channel, store) = await ChannelAsync();
        var (orderRef, orderId) = await ImportedOrderAsync(channel, store);
        using var admin = app.Admin();
        rappi.Fail($"/orders/{orderId}/cooking_time", 503);

        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "confirmed" })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.DoesNotContain(rappi.Actions, a => a.OrderId == orderId);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.DispatchAllAsync();
        var take = Assert.Single(rappi.Actions, a => a.OrderId == orderId);
        Assert.Equal("take", take.Action);
        Assert.Equal("15", take.Argument);   // the order's suggested cooking time, within its min and max
        Assert.Equal("TAKEN", rappi.State(orderId));

        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "ready" })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.Equal(["take", "ready-for-pickup"], rappi.Actions.Where(a => a.OrderId == orderId).Select(a => a.Action));
        Assert.Equal(2, EventTypes(await OrderAsync(orderRef)).Count(t => t == "marketplace.action_requested"));

        // A taken order is no longer in Rappi's sent list: polling brings nothing of it again.
        await PollAsync();
        Assert.Equal(1, await InboxCountAsync(orderId));
    }

    [Fact]
    public async Task Cancellation_RejectsTheOrderOnRappi_AndRappisCancelEventCancelsIt()
    {
        var (channel, store) = await ChannelAsync(cancellationCode: "STORE_CLOSED");
        var (orderRef, orderId) = await ImportedOrderAsync(channel, store);
        using var admin = app.Admin();

        (await admin.PostAsync($"/api/orders/{orderRef}/marketplace/cancellation", new JsonObject { ["reason"] = "kitchen closed" }))
            .Expect(HttpStatusCode.Accepted);
        await app.DispatchAllAsync();
        var reject = Assert.Single(rappi.Actions, a => a.OrderId == orderId);
        Assert.Equal(("reject", "STORE_CLOSED", "kitchen closed"), (reject.Action, reject.Argument, reject.Reason));
        Assert.Equal("REJECTED", rappi.State(orderId));
        Assert.Contains("marketplace.action_requested", EventTypes(await OrderAsync(orderRef)));

        var cancel = new JsonObject { ["event"] = "canceled_with_charge", ["order_id"] = orderId, ["store_id"] = store }.ToJsonString();
        (await WebhookAsync(cancel, Sign(cancel))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.Equal("cancelled", (await OrderAsync(orderRef))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_IsRefusedAndNothingStored_WhenTheSignatureIsWrong()
    {
        var (_, store) = await ChannelAsync();
        var orderId = rappi.PlaceOrder(store);
        var body = rappi.Order(orderId)!.ToJsonString();
        var timestamp = app.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var bad in new string?[] { rappi.Signature(body + " ", timestamp), rappi.Signature(body, timestamp).Replace($"t={timestamp}", "t=1", StringComparison.Ordinal), "sign=abc", null })
        {
            var refused = await WebhookAsync(body, bad);
            refused.Expect(HttpStatusCode.BadRequest);
            Assert.Equal("invalid_signature", refused.Json["error"]!["code"]!.GetValue<string>());
        }
        Assert.Equal(0, await InboxCountAsync(orderId));

        var accepted = (await WebhookAsync(body, rappi.Signature(body, timestamp))).Expect(HttpStatusCode.OK);
        Assert.Equal(1, accepted.Json["stored"]!.GetValue<int>());
        Assert.Equal(1, await InboxCountAsync(orderId));
    }

    [Fact]
    public async Task Ping_IsAnswered200_AndStoresNothing()
    {
        const string ping = """{"event":"PING"}""";
        var answer = (await WebhookAsync(ping, Sign(ping))).Expect(HttpStatusCode.OK);
        Assert.Equal(0, answer.Json["received"]!.GetValue<int>());
        Assert.Equal(0, answer.Json["stored"]!.GetValue<int>());
        (await WebhookAsync(ping, null)).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Token_IsKeptUntilItExpires_AndRenewedOnceWhenRappiAnswers401()
    {
        var (channel, store) = await ChannelAsync();
        await PollAsync();
        var issued = rappi.TokensIssued;
        await PollAsync();
        Assert.Equal(issued, rappi.TokensIssued);

        rappi.ExpireTokens();
        var unauthorized = rappi.Unauthorized;
        rappi.PlaceOrder(store);
        var (received, _) = await PollAsync();
        Assert.True(received >= 1);
        Assert.Equal(issued + 1, rappi.TokensIssued);
        Assert.Equal(unauthorized + 1, rappi.Unauthorized);
        await app.DispatchAllAsync();
        Assert.Single(await OrdersAsync(channel));
    }

    [Fact]
    public async Task Token_IsGotFromTheOlderLogin_WhenTheCurrentOneIsNotThere()
    {
        var (channel, store) = await ChannelAsync();
        rappi.LegacyLoginOnly = true;
        try
        {
            rappi.ExpireTokens();
            var issued = rappi.TokensIssued;
            rappi.PlaceOrder(store);
            await PollAsync();
            Assert.Equal(issued + 1, rappi.TokensIssued);
        }
        finally
        {
            rappi.LegacyLoginOnly = false;
        }
        await app.DispatchAllAsync();
        Assert.Single(await OrdersAsync(channel));
    }
}

public sealed class SqliteRappiFlowTests(RappiSqliteApp app) : RappiFlowTests(app, app.Rappi), IClassFixture<RappiSqliteApp>;

public sealed class PostgresRappiFlowTests(RappiPostgresApp app) : RappiFlowTests(app, app.Rappi), IClassFixture<RappiPostgresApp>;
