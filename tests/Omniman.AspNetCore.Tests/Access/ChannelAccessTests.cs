using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Keys limited to channels (docs/api.md, issue 5): another channel's sessions and orders are left out
/// of lists and answer 404 when named, as if they did not exist; opening a session in a channel
/// the key may not use is 403.
/// </summary>
public abstract class ChannelAccessTests(OmnimanApp app) : IDisposable
{
    private static readonly string[] AllButAdmin = ["sessions:read", "sessions:write", "orders:read", "orders:write"];

    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Two channels, each with an open session holding a line and a committed order; a key limited to the first.</summary>
    private async Task<World> WorldAsync()
    {
        var mine = await _admin.CreateChannelAsync("mine");
        var other = await _admin.CreateChannelAsync("other");
        var otherOrder = await _admin.OrderInChannelAsync(other);
        var mineOrder = await _admin.OrderInChannelAsync(mine);
        var otherSession = (await _admin.OpenSessionAsync(other, "table", "7")).Get<string>("session_key");
        (await _admin.ModifyAsync(other, otherSession, Ops.AddLine("B-1", 1, 500))).Expect(HttpStatusCode.OK);
        var mineSession = (await _admin.OpenSessionAsync(mine)).Get<string>("session_key");
        (await _admin.ModifyAsync(mine, mineSession, Ops.AddLine("A-1", 1, 500))).Expect(HttpStatusCode.OK);
        var limited = app.Client(await app.CreateKeyAsync($"limited-{mine}", AllButAdmin, [mine]));
        return new World(mine, other, mineSession, otherSession, mineOrder, otherOrder, limited);
    }

    private sealed record World(string Mine, string Other, string MineSession, string OtherSession, string MineOrder, string OtherOrder,
        ApiClient Limited) : IDisposable
    {
        public void Dispose() => Limited.Dispose();
    }

    private async Task<JsonNode> AdminSessionAsync(string channel, string key) =>
        (await _admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

    private async Task<JsonNode> AdminOrderAsync(string orderRef) =>
        (await _admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

    private static void AssertNotFound(ApiResponse response, string what)
    {
        Assert.True(response.Status == HttpStatusCode.NotFound && response.ErrorCode == "not_found",
            $"{what}: expected 404 not_found, got {(int)response.Status} {response.Raw}");
    }

    [Fact]
    public async Task SessionList_LeavesOutOtherChannels()
    {
        using var w = await WorldAsync();

        var all = await w.Limited.ListAllAsync("/api/sessions?page_size=100");
        var filtered = await w.Limited.ListAllAsync($"/api/sessions?channel_code={w.Other}");

        Assert.Contains(all, s => s.Get<string>("session_key") == w.MineSession);
        Assert.All(all, s => Assert.Equal(w.Mine, s.Get<string>("channel_code")));
        Assert.Empty(filtered);
        Assert.Empty(await w.Limited.ListAllAsync("/api/sessions?handle_type=table&handle_ref=7"));
    }

    [Fact]
    public async Task OrderList_LeavesOutOtherChannels()
    {
        using var w = await WorldAsync();

        var all = await w.Limited.ListAllAsync("/api/orders?page_size=100");
        var filtered = await w.Limited.ListAllAsync($"/api/orders?channel_code={w.Other}");

        Assert.Contains(all, o => o.Get<string>("ref") == w.MineOrder);
        Assert.All(all, o => Assert.Equal(w.Mine, o.Get<string>("channel_code")));
        Assert.Empty(filtered);
    }

    [Fact]
    public async Task OrderStream_LeavesOutOtherChannels()
    {
        using var w = await WorldAsync();
        var otherId = (await AdminOrderAsync(w.OtherOrder)).Get<long>("id");

        var stream = (await w.Limited.GetAsync($"/api/orders/stream?since={otherId - 1}&page_size=100")).Expect(HttpStatusCode.OK).Json;
        var filtered = (await w.Limited.GetAsync($"/api/orders/stream?since={otherId - 1}&channel_code={w.Other}")).Expect(HttpStatusCode.OK).Json;

        var orders = stream.Array("orders");
        Assert.Contains(orders, o => o.Get<string>("ref") == w.MineOrder);
        Assert.DoesNotContain(orders, o => o.Get<string>("ref") == w.OtherOrder);
        Assert.All(orders, o => Assert.Equal(w.Mine, o.Get<string>("channel_code")));
        Assert.Empty(filtered.Array("orders"));
    }

    [Fact]
    public async Task ChannelList_ShowsOnlyTheKeysChannels()
    {
        using var w = await WorldAsync();

        var channels = (await w.Limited.GetAsync("/api/channels")).Expect(HttpStatusCode.OK).Json.Array("results");

        Assert.Equal([w.Mine], channels.Select(c => c.Get<string>("code")));
        AssertNotFound(await w.Limited.GetAsync($"/api/channels/{w.Other}"), "GET other channel");
        (await w.Limited.GetAsync($"/api/channels/{w.Mine}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GetSession_Returns404_ForAnotherChannelsSession()
    {
        using var w = await WorldAsync();

        AssertNotFound(await w.Limited.GetAsync($"/api/sessions/{w.OtherSession}?channel_code={w.Other}"), "GET with channel");
        AssertNotFound(await w.Limited.GetAsync($"/api/sessions/{w.OtherSession}"), "GET without channel");
    }

    [Fact]
    public async Task ModifySession_Returns404AndChangesNothing_ForAnotherChannelsSession()
    {
        using var w = await WorldAsync();
        var before = await AdminSessionAsync(w.Other, w.OtherSession);

        var named = await w.Limited.ModifyAsync(w.Other, w.OtherSession, Ops.AddLine("INJECTED", 1, 1));
        var unnamed = await w.Limited.PostAsync($"/api/sessions/{w.OtherSession}/modify", new JsonObject
        {
            ["ops"] = new JsonArray(Ops.SetData("note", "injected")),
        });

        AssertNotFound(named, "modify with channel");
        AssertNotFound(unnamed, "modify without channel");
        var after = await AdminSessionAsync(w.Other, w.OtherSession);
        Assert.Equal(before.Get<int>("rev"), after.Get<int>("rev"));
        Assert.True(JsonNode.DeepEquals(before["items"], after["items"]), after["items"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(before["data"], after["data"]), after["data"]!.ToJsonString());
    }

    [Fact]
    public async Task CommitSession_Returns404AndMakesNoOrder_ForAnotherChannelsSession()
    {
        using var w = await WorldAsync();
        var ordersBefore = (await _admin.ListAllAsync($"/api/orders?channel_code={w.Other}")).Count;

        var named = await w.Limited.CommitAsync(w.Other, w.OtherSession);
        var unnamed = await w.Limited.PostAsync($"/api/sessions/{w.OtherSession}/commit", new JsonObject());

        AssertNotFound(named, "commit with channel");
        AssertNotFound(unnamed, "commit without channel");
        Assert.Equal("open", (await AdminSessionAsync(w.Other, w.OtherSession)).Get<string>("state"));
        Assert.Equal(ordersBefore, (await _admin.ListAllAsync($"/api/orders?channel_code={w.Other}")).Count);
    }

    [Fact]
    public async Task AbandonSession_Returns404AndLeavesItOpen_ForAnotherChannelsSession()
    {
        using var w = await WorldAsync();

        var named = await w.Limited.PostAsync($"/api/sessions/{w.OtherSession}/abandon", new JsonObject { ["channel_code"] = w.Other });
        var byQuery = await w.Limited.PostAsync($"/api/sessions/{w.OtherSession}/abandon?channel_code={w.Other}", new JsonObject());
        var unnamed = await w.Limited.PostAsync($"/api/sessions/{w.OtherSession}/abandon", new JsonObject());

        AssertNotFound(named, "abandon with channel");
        AssertNotFound(byQuery, "abandon with channel in query");
        AssertNotFound(unnamed, "abandon without channel");
        Assert.Equal("open", (await AdminSessionAsync(w.Other, w.OtherSession)).Get<string>("state"));
    }

    [Fact]
    public async Task ResolveIssue_Returns404_ForAnotherChannelsSession()
    {
        using var w = await WorldAsync();
        var before = await AdminSessionAsync(w.Other, w.OtherSession);

        var response = await w.Limited.PostAsync($"/api/sessions/{w.OtherSession}/resolve", new JsonObject
        {
            ["channel_code"] = w.Other, ["issue_id"] = "ISS-ANY", ["action_id"] = "ACT-ANY",
        });

        AssertNotFound(response, "resolve");
        Assert.Equal(before.Get<int>("rev"), (await AdminSessionAsync(w.Other, w.OtherSession)).Get<int>("rev"));
    }

    [Fact]
    public async Task GetOrder_Returns404_ForAnotherChannelsOrder()
    {
        using var w = await WorldAsync();

        AssertNotFound(await w.Limited.GetAsync($"/api/orders/{w.OtherOrder}"), "GET order");
        (await w.Limited.GetAsync($"/api/orders/{w.MineOrder}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TransitionOrder_Returns404AndKeepsStatus_ForAnotherChannelsOrder()
    {
        using var w = await WorldAsync();

        AssertNotFound(await w.Limited.TransitionAsync(w.OtherOrder, "cancelled"), "transition");

        var order = await AdminOrderAsync(w.OtherOrder);
        Assert.Equal("new", order.Get<string>("status"));
        Assert.DoesNotContain(order.Array("events"), e => e.Get<string>("type") == "status_changed");
    }

    [Fact]
    public async Task AppendOrderEvent_Returns404AndAddsNothing_ForAnotherChannelsOrder()
    {
        using var w = await WorldAsync();
        var before = (await AdminOrderAsync(w.OtherOrder)).Array("events").Count;

        var response = await w.Limited.PostAsync($"/api/orders/{w.OtherOrder}/events", new JsonObject
        {
            ["type"] = "custom.note", ["payload"] = new JsonObject { ["text"] = "injected" },
        });

        AssertNotFound(response, "append event");
        Assert.Equal(before, (await AdminOrderAsync(w.OtherOrder)).Array("events").Count);
    }

    [Fact]
    public async Task OpenSession_Returns403_InAChannelTheKeyMayNotUse()
    {
        using var w = await WorldAsync();

        var fresh = await w.Limited.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = w.Other });
        var existingHandle = await w.Limited.PostAsync("/api/sessions", new JsonObject
        {
            ["channel_code"] = w.Other, ["handle_type"] = "table", ["handle_ref"] = "7",
        });

        Api.ErrorEnvelopeTests.AssertEnvelope(fresh, HttpStatusCode.Forbidden, "forbidden");
        Api.ErrorEnvelopeTests.AssertEnvelope(existingHandle, HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(w.OtherSession, existingHandle.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(await _admin.ListAllAsync($"/api/sessions?channel_code={w.Other}&state=open"),
            s => s.Get<string>("session_key") != w.OtherSession);
    }

    [Fact]
    public async Task LimitedKey_WorksEndToEnd_InItsOwnChannel()
    {
        using var w = await WorldAsync();

        var key = (await w.Limited.OpenSessionAsync(w.Mine)).Get<string>("session_key");
        (await w.Limited.ModifyAsync(w.Mine, key, Ops.AddLine("A-2", 2, 250))).Expect(HttpStatusCode.OK);
        var orderRef = (await w.Limited.CommitAsync(w.Mine, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
        (await w.Limited.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        (await w.Limited.PostAsync($"/api/sessions/{w.MineSession}/abandon", new JsonObject { ["channel_code"] = w.Mine })).Expect(HttpStatusCode.OK);

        Assert.Equal(500, (await w.Limited.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json.Get<long>("total_q"));
    }

    /// <summary>The same key in two channels is ambiguous to an unlimited key, but a limited key sees only its own.</summary>
    [Fact]
    public async Task SharedSessionKey_ResolvesToTheKeysOwnChannel_WithoutChannelCode()
    {
        using var w = await WorldAsync();
        var shared = $"SHARED-{Guid.NewGuid():N}"[..20];
        (await _admin.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = w.Mine, ["session_key"] = shared })).Expect(HttpStatusCode.Created);
        (await _admin.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = w.Other, ["session_key"] = shared })).Expect(HttpStatusCode.Created);
        Assert.Equal("ambiguous_session", (await _admin.GetAsync($"/api/sessions/{shared}")).ErrorCode);

        var read = (await w.Limited.GetAsync($"/api/sessions/{shared}")).Expect(HttpStatusCode.OK).Json;
        var modified = await w.Limited.PostAsync($"/api/sessions/{shared}/modify", new JsonObject { ["ops"] = new JsonArray(Ops.SetData("who", "mine")) });

        Assert.Equal(w.Mine, read.Get<string>("channel_code"));
        modified.Expect(HttpStatusCode.OK);
        Assert.Equal(w.Mine, modified.Json.Get<string>("channel_code"));
        Assert.Equal(0, (await AdminSessionAsync(w.Other, shared)).Get<int>("rev"));
        Assert.Equal(1, (await AdminSessionAsync(w.Mine, shared)).Get<int>("rev"));
    }
}

public sealed class SqliteChannelAccessTests(SqliteApp app) : ChannelAccessTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresChannelAccessTests(PostgresApp app) : ChannelAccessTests(app), IClassFixture<PostgresApp>;
