using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.Simulator.IFood;
using Omniman.TestKit;

namespace Omniman.Marketplaces.Tests;

/// <summary>
/// iFood orders through the real pipeline against the simulated iFood (issue 17): one order per iFood order
/// whatever repeats, acknowledgement after storing, signatures, our moves out and iFood's events in.
/// </summary>
public abstract class IFoodFlowTests(OmnimanApp app, IFoodSimulator ifood)
{
    private static JsonObject MarketplaceChannel(string merchantId, bool autoConfirm = false) => new()
    {
        ["marketplace"] = new JsonObject { ["provider"] = "ifood", ["merchant_ids"] = new JsonArray(merchantId), ["auto_confirm"] = autoConfirm },
        ["status_mapping"] = new JsonObject
        {
            ["CFM"] = "confirmed", ["RTP"] = "ready", ["DSP"] = "dispatched", ["CON"] = "completed", ["CAN"] = "cancelled",
        },
    };

    private async Task<(string Channel, string Merchant)> ChannelAsync(bool autoConfirm = false)
    {
        using var admin = app.Admin();
        var merchant = $"merchant-{Guid.NewGuid():N}";
        var channel = await admin.CreateChannelAsync("ifood", MarketplaceChannel(merchant, autoConfirm), editPolicy: "locked");
        return (channel, merchant);
    }

    private Task<(int Received, int Stored)> PollAsync() => app.InScopeAsync(sp =>
        sp.GetRequiredService<PollMarketplace>().ExecuteAsync(sp.GetRequiredService<MarketplaceAdapters>().Get("ifood"), CancellationToken.None));

    private Task<List<(string Ref, string Status)>> OrdersAsync(string channel) => app.InScopeAsync(async sp =>
        (await sp.GetRequiredService<OmnimanDb>().Orders.Where(o => o.ChannelCode == channel).OrderBy(o => o.Id)
            .Select(o => new { o.Ref, o.Status }).ToListAsync()).Select(o => (o.Ref, o.Status)).ToList());

    private Task<bool> InInboxAsync(string eventId) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().Set<InboxEvent>().AnyAsync(e => e.Provider == "ifood" && e.EventId == eventId));

    private async Task<string> ImportedOrderAsync(string channel, string merchant)
    {
        ifood.PlaceOrder(merchant);
        await PollAsync();
        await app.DispatchAllAsync();
        return Assert.Single(await OrdersAsync(channel)).Ref;
    }

    private async Task<JsonNode> OrderAsync(string orderRef)
    {
        using var admin = app.Admin();
        return (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
    }

    private static IEnumerable<string> EventTypes(JsonNode order) => order["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());

    private async Task<ApiResponse> WebhookAsync(string body, string signature)
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/ifood") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-IFood-Signature", signature);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task PlacedOrder_LandsAsOneOrder_WhenWebhooksAndPollingRepeatIt()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderId = ifood.PlaceOrder(merchant);
        var placed = ifood.Pending.Single(e => e.OrderId == orderId).ToJson().ToJsonString();
        ifood.Emit(orderId, "PLC");   // iFood repeating the news under a second event id
        ifood.DuplicateEvents = true;
        try
        {
            var webhooks = Enumerable.Range(0, 3).Select(_ => WebhookAsync(placed, ifood.Sign(placed))).ToList();
            var polls = Enumerable.Range(0, 2).Select(_ => PollAsync()).ToList();
            foreach (var answer in await Task.WhenAll(webhooks)) answer.Expect(HttpStatusCode.Accepted);
            await Task.WhenAll(polls);
        }
        finally
        {
            ifood.DuplicateEvents = false;
        }
        await Task.WhenAll(app.DispatchAllAsync(), app.DispatchAllAsync());

        var (orderRef, status) = Assert.Single(await OrdersAsync(channel));
        Assert.Equal("new", status);
        var order = await OrderAsync(orderRef);
        Assert.Equal(orderId, order["external_ref"]!.GetValue<string>());
        Assert.Equal("marketplace_order", order["handle_type"]!.GetValue<string>());
        Assert.Equal(2 * 2590 + 650, order["total_q"]!.GetValue<long>());
        var burger = order["items"]!.AsArray().Single(i => i!["sku"]!.GetValue<string>() == "BURGER-X")!;
        Assert.Equal(2590, burger["unit_price_q"]!.GetValue<long>());
        Assert.Equal("sem cebola", burger["meta"]!["observations"]!.GetValue<string>());
        var data = order["snapshot"]!["data"]!;
        Assert.Equal("Maria Simulada", data["customer"]!["name"]!.GetValue<string>());
        Assert.Equal("Rua Simulada", data["delivery"]!["deliveryAddress"]!["streetName"]!.GetValue<string>());
        Assert.Equal("external", data["payment"]!["method"]!.GetValue<string>());
        var marketplace = order["marketplace"]!;
        Assert.Equal("ifood", marketplace["provider"]!.GetValue<string>());
        Assert.Equal(orderId, marketplace["order_id"]!.GetValue<string>());
        Assert.Equal(ifood.Order(orderId)!["displayId"]!.GetValue<string>(), marketplace["display_id"]!.GetValue<string>());
        Assert.NotNull(marketplace["confirm_by"]);
        Assert.DoesNotContain(ifood.Pending, e => e.OrderId == orderId);
    }

    [Fact]
    public async Task Polling_AcknowledgesOnlyWhatItStored_AndAFailedAcknowledgementLosesNothing()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderId = ifood.PlaceOrder(merchant);
        var eventId = ifood.Pending.Single(e => e.OrderId == orderId).Id;
        ifood.Fail("events/acknowledgment", 503);

        await Assert.ThrowsAsync<MarketplaceUnavailableException>(PollAsync);
        Assert.True(await InInboxAsync(eventId));
        Assert.Contains(ifood.Pending, e => e.Id == eventId);   // iFood sends it again

        var (received, stored) = await PollAsync();
        Assert.True(received >= 1);
        Assert.Equal(0, stored);
        Assert.Contains(eventId, ifood.Acknowledged);
        foreach (var acked in ifood.Acknowledged) Assert.True(await InInboxAsync(acked), $"event {acked} was acknowledged but not stored");
        await app.DispatchAllAsync();
        Assert.Single(await OrdersAsync(channel));
    }

    [Fact]
    public async Task Webhook_IsRefusedAndNothingStored_WhenTheSignatureIsWrong()
    {
        var (_, merchant) = await ChannelAsync();
        var orderId = ifood.PlaceOrder(merchant);
        var placed = ifood.Pending.Single(e => e.OrderId == orderId);
        var body = placed.ToJson().ToJsonString();

        var refused = await WebhookAsync(body, ifood.Sign(body + " "));
        refused.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_signature", refused.Json["error"]!["code"]!.GetValue<string>());
        (await WebhookAsync(body, "")).Expect(HttpStatusCode.BadRequest);
        Assert.False(await InInboxAsync(placed.Id));

        var accepted = (await WebhookAsync(body, ifood.Sign(body).ToUpperInvariant())).Expect(HttpStatusCode.Accepted);
        Assert.Equal(1, accepted.Json["stored"]!.GetValue<int>());
        Assert.True(await InInboxAsync(placed.Id));
    }

    [Fact]
    public async Task Inbox_KeepsAnEventAnswered202_WhenTheServerStopsBeforeProcessingIt()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderId = ifood.PlaceOrder(merchant);
        var placed = ifood.Pending.Single(e => e.OrderId == orderId).ToJson().ToJsonString();

        // A server of its own on the same database takes the webhook and stops before its worker ran anything.
        await using (var before = app.WithWebHostBuilder(_ => { }))
        {
            using var client = before.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/ifood") { Content = new StringContent(placed, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("X-IFood-Signature", ifood.Sign(placed));
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        }
        Assert.Empty(await OrdersAsync(channel));

        await app.DispatchAllAsync();
        Assert.Equal(orderId, (await OrderAsync(Assert.Single(await OrdersAsync(channel)).Ref))["external_ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task OurMoves_ReachIFoodOnceEach_EvenWhenItAnswers5xxFirst()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderRef = await ImportedOrderAsync(channel, merchant);
        var orderId = (await OrderAsync(orderRef))["external_ref"]!.GetValue<string>();
        using var admin = app.Admin();
        ifood.Fail($"/orders/{orderId}/confirm", 503);

        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "confirmed" })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        Assert.DoesNotContain(ifood.Actions, a => a.OrderId == orderId);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.DispatchAllAsync();
        Assert.Single(ifood.Actions, a => a.OrderId == orderId && a.Action == "confirm");

        // iFood's CFM, the result of our confirm, changes nothing and sends nothing back.
        await PollAsync();
        await app.DispatchAllAsync();
        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "ready" })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "dispatched" })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        await PollAsync();
        await app.DispatchAllAsync();

        Assert.Equal(["confirm", "readyToPickup", "dispatch"], ifood.Actions.Where(a => a.OrderId == orderId).Select(a => a.Action));
        var order = await OrderAsync(orderRef);
        Assert.Equal("dispatched", order["status"]!.GetValue<string>());
        Assert.Equal(3, EventTypes(order).Count(t => t == "marketplace.action_requested"));
    }

    [Fact]
    public async Task OurMoves_ReachIFoodInTheOrderMade_WhenAnEarlierOneWaitsOutA5xx()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderRef = await ImportedOrderAsync(channel, merchant);
        var orderId = (await OrderAsync(orderRef))["external_ref"]!.GetValue<string>();
        using var admin = app.Admin();
        ifood.Fail($"/orders/{orderId}/confirm", 503);

        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "confirmed" })).Expect(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "ready" })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        // The confirm waits out iFood's 503; the ready behind it is not sent before it.
        Assert.DoesNotContain(ifood.Actions, a => a.OrderId == orderId);
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await app.DispatchAllAsync();
        }

        Assert.Equal(["confirm", "readyToPickup"], ifood.Actions.Where(a => a.OrderId == orderId).Select(a => a.Action));
    }

    [Fact]
    public async Task Cancellation_IFoodRefuses_LeavesTheOrderAsItWasWithAnEventAndAnAlert()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderRef = await ImportedOrderAsync(channel, merchant);
        var orderId = (await OrderAsync(orderRef))["external_ref"]!.GetValue<string>();
        using var admin = app.Admin();

        var direct = (await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["status"] = "cancelled" })).Json;
        Assert.Equal("marketplace_cancellation", direct["error"]!["code"]!.GetValue<string>());

        ifood.RefuseCancellations = true;
        try
        {
            (await admin.PostAsync($"/api/orders/{orderRef}/marketplace/cancellation", new JsonObject { ["reason"] = "out of buns" }))
                .Expect(HttpStatusCode.Accepted);
            await app.DispatchAllAsync();
            await PollAsync();
            await app.DispatchAllAsync();
        }
        finally
        {
            ifood.RefuseCancellations = false;
        }
        var request = Assert.Single(ifood.Actions, a => a.OrderId == orderId);
        Assert.Equal("requestCancellation", request.Action);
        Assert.Equal("501", request.Body!["cancellationCode"]!.GetValue<string>());
        Assert.Equal("out of buns", request.Body!["reason"]!.GetValue<string>());
        var refused = await OrderAsync(orderRef);
        Assert.Equal("new", refused["status"]!.GetValue<string>());
        Assert.Contains("marketplace.cancellation_refused", EventTypes(refused));
        Assert.Contains(app.Log.Lines, l => l.Contains(orderRef, StringComparison.Ordinal) && l.Contains("refused to cancel", StringComparison.Ordinal));

        (await admin.PostAsync($"/api/orders/{orderRef}/marketplace/cancellation", new JsonObject { ["reason"] = "out of buns" }))
            .Expect(HttpStatusCode.Accepted);
        await app.DispatchAllAsync();
        await PollAsync();
        await app.DispatchAllAsync();
        Assert.Equal("cancelled", (await OrderAsync(orderRef))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task StatusEvents_MoveTheOrderThroughTheMapping_AndLateOnesNeverMoveItBack()
    {
        var (channel, merchant) = await ChannelAsync();
        var orderId = ifood.PlaceOrder(merchant);
        var start = app.Clock.GetUtcNow();
        ifood.Emit(orderId, "CFM", start.AddSeconds(1));
        ifood.Emit(orderId, "DSP", start.AddSeconds(3));
        ifood.Emit(orderId, "CON", start.AddSeconds(4));
        ifood.Emit(orderId, "RTP", start.AddSeconds(2));   // late: delivered after the order was concluded
        ifood.Emit(orderId, "XYZ", start.AddSeconds(5));
        ifood.ReverseOrder = true;   // and everything out of order: the status events before the order itself
        try
        {
            foreach (var e in ifood.Pending.Where(e => e.OrderId == orderId).Reverse())
                (await WebhookAsync(e.ToJson().ToJsonString(), ifood.Sign(e.ToJson().ToJsonString()))).Expect(HttpStatusCode.Accepted);
            await PollAsync();
        }
        finally
        {
            ifood.ReverseOrder = false;
        }
        await app.DispatchAllAsync();

        var (orderRef, status) = Assert.Single(await OrdersAsync(channel));
        Assert.Equal("completed", status);
        var order = await OrderAsync(orderRef);
        Assert.Contains("external_status_unknown", EventTypes(order));
        Assert.NotNull(order["confirmed_at"]);
        var unprocessed = await app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().Set<InboxEvent>()
            .CountAsync(e => e.OrderId == orderId && e.ProcessedAt == null));
        Assert.Equal(0, unprocessed);
    }

    [Fact]
    public async Task Token_IsKeptUntilItExpires_AndRenewedOnceWhenIFoodAnswers401()
    {
        var (channel, merchant) = await ChannelAsync();
        await PollAsync();
        var issued = ifood.TokensIssued;
        await PollAsync();
        Assert.Equal(issued, ifood.TokensIssued);

        ifood.ExpireTokens();
        var unauthorized = ifood.Unauthorized;
        ifood.PlaceOrder(merchant);
        var (received, _) = await PollAsync();
        Assert.True(received >= 1);
        Assert.Equal(issued + 1, ifood.TokensIssued);
        Assert.Equal(unauthorized + 1, ifood.Unauthorized);
        await app.DispatchAllAsync();
        Assert.Single(await OrdersAsync(channel));
    }

    [Fact]
    public async Task AutoConfirm_ConfirmsANewOrderOnce_AndIFoodsCfmConfirmsIt()
    {
        var (channel, merchant) = await ChannelAsync(autoConfirm: true);
        var orderRef = await ImportedOrderAsync(channel, merchant);
        var orderId = (await OrderAsync(orderRef))["external_ref"]!.GetValue<string>();
        Assert.Single(ifood.Actions, a => a.OrderId == orderId && a.Action == "confirm");

        await PollAsync();
        await app.DispatchAllAsync();
        Assert.Equal("confirmed", (await OrderAsync(orderRef))["status"]!.GetValue<string>());
        Assert.Single(ifood.Actions, a => a.OrderId == orderId);
    }

    [Fact]
    public async Task ChannelConfig_IsRefused_WhenTheMarketplaceIsUnknownOrHasNoMerchants()
    {
        using var admin = app.Admin();
        async Task<string> RefusedKeyAsync(JsonObject marketplace)
        {
            var answer = await admin.PostAsync("/api/channels", new JsonObject
            {
                ["code"] = $"mp-{Guid.NewGuid():N}"[..20], ["name"] = "Marketplace", ["edit_policy"] = "locked",
                ["config"] = new JsonObject { ["marketplace"] = marketplace },
            });
            answer.Expect(HttpStatusCode.BadRequest);
            return answer.Json["error"]!["context"]!["key"]?.GetValue<string>() ?? answer.Json["error"]!["context"]!["field"]!.GetValue<string>();
        }
        Assert.Equal("config.marketplace.provider", await RefusedKeyAsync(new JsonObject { ["provider"] = "nope", ["merchant_ids"] = new JsonArray("m") }));
        Assert.Equal("config.marketplace.merchant_ids", await RefusedKeyAsync(new JsonObject { ["provider"] = "ifood", ["merchant_ids"] = new JsonArray() }));
        Assert.Equal("config.marketplace.auto_confirm", await RefusedKeyAsync(new JsonObject
        {
            ["provider"] = "ifood", ["merchant_ids"] = new JsonArray("m"), ["auto_confirm"] = "yes",
        }));
    }
}

public sealed class SqliteIFoodFlowTests(IFoodSqliteApp app) : IFoodFlowTests(app, app.IFood), IClassFixture<IFoodSqliteApp>;

public sealed class PostgresIFoodFlowTests(IFoodPostgresApp app) : IFoodFlowTests(app, app.IFood), IClassFixture<IFoodPostgresApp>;
