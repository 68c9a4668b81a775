using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Orders;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Orders;

/// <summary>Records every lifecycle event; refuses a move to <c>refused</c> by throwing, inside the move's transaction.</summary>
public sealed class RecordingOrderHook : IOrderHook
{
    public ConcurrentQueue<OrderLifecycleEvent> Seen { get; } = new();

    public Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        if (lifecycleEvent is OrderStatusChanged { To: "refused" }) throw new InvalidOperationException("hook refuses the move");
        Seen.Enqueue(lifecycleEvent);
        return Task.CompletedTask;
    }

    public List<string> For(string orderRef) => [.. Seen.Where(e => e.OrderRef == orderRef).Select(e => e switch
    {
        OrderCreated c => $"created:{c.Status}",
        OrderStatusChanged m => $"moved:{m.From}>{m.To}:{m.Reason}",
        OrderEventAppended a => $"appended:{a.Event.Type}",
        _ => "?",
    })];

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<RecordingOrderHook>();
        services.AddScoped<IOrderHook>(sp => sp.GetRequiredService<RecordingOrderHook>());
    }
}

public sealed class SqliteLifecycleApp : SqliteApp
{
    protected override void ConfigureServices(IServiceCollection services) => RecordingOrderHook.Register(services);
}

public sealed class PostgresLifecycleApp : PostgresApp
{
    protected override void ConfigureServices(IServiceCollection services) => RecordingOrderHook.Register(services);
}

/// <summary>Order lifecycle events reach the order hooks in the change's transaction; <c>on_status</c> queues directives (issue #14).</summary>
public abstract class OrderLifecycleTests(OmnimanApp app)
{
    private RecordingOrderHook Hook => app.Services.GetRequiredService<RecordingOrderHook>();

    private static JsonObject Flow(string initial, params (string From, string[] To)[] moves)
    {
        var transitions = new JsonObject();
        foreach (var (from, to) in moves) transitions[from] = new JsonArray([.. to.Select(t => (JsonNode)t)]);
        return new JsonObject { ["initial_status"] = initial, ["transitions"] = transitions, ["terminal_statuses"] = new JsonArray("done", "cancelled") };
    }

    private static async Task<List<JsonNode>> DirectivesAsync(ApiClient admin, string topic, string orderRef) =>
        [.. (await admin.AllPagesAsync($"/api/directives?topic={topic}")).Where(d => d["payload"]!["order_ref"]!.GetValue<string>() == orderRef)];

    [Fact]
    public async Task Hooks_SeeCreationMovesAndAppendedEvents_InOrder()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(new JsonObject
        {
            ["order_flow"] = new JsonObject { ["auto_transitions"] = new JsonObject { ["on_create"] = "confirmed" } },
        });

        (await admin.TransitionAsync(orderRef, "processing", reason: "kitchen")).Expect(HttpStatusCode.OK);
        (await admin.TransitionAsync(orderRef, "processing")).Expect(HttpStatusCode.OK);   // no move, no event
        (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom.note" })).Expect(HttpStatusCode.Created);

        Assert.Equal(["created:new", "moved:new>confirmed:auto_transitions.on_create", "moved:confirmed>processing:kitchen", "appended:custom.note"],
            Hook.For(orderRef));
    }

    [Fact]
    public async Task AHookThatThrows_StopsTheMove_AndNothingOfItIsWritten()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(new JsonObject
        {
            ["order_flow"] = Flow("new", ("new", ["refused", "cancelled"]), ("refused", ["done"])),
            ["on_status"] = new JsonObject { ["refused"] = new JsonArray("test.after_refusal") },
        });

        var refused = await admin.TransitionAsync(orderRef, "refused");

        Assert.Equal(HttpStatusCode.InternalServerError, refused.Status);
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("new", order["status"]!.GetValue<string>());
        Assert.Single(order["events"]!.AsArray());
        Assert.Empty(await DirectivesAsync(admin, "test.after_refusal", orderRef));
        app.Log.Lines.Clear();
    }

    [Fact]
    public async Task OnStatus_QueuesItsTopics_WhenTheOrderEntersTheStatus_CreationIncluded()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(new JsonObject
        {
            ["order_flow"] = Flow("new", ("new", ["preparing", "cancelled"]), ("preparing", ["done", "cancelled"])),
            ["on_status"] = new JsonObject
            {
                ["new"] = new JsonArray("test.welcome"),
                ["cancelled"] = new JsonArray("test.refund", "test.sync"),
            },
        });
        var welcome = Assert.Single(await DirectivesAsync(admin, "test.welcome", orderRef));
        Assert.Equal("new", welcome["payload"]!["status"]!.GetValue<string>());
        Assert.Null(welcome["payload"]!["previous_status"]);

        (await admin.TransitionAsync(orderRef, "preparing")).Expect(HttpStatusCode.OK);
        Assert.Empty(await DirectivesAsync(admin, "test.refund", orderRef));
        (await admin.TransitionAsync(orderRef, "cancelled")).Expect(HttpStatusCode.OK);
        (await admin.TransitionAsync(orderRef, "cancelled")).Expect(HttpStatusCode.OK);   // repeated: queues nothing more

        foreach (var topic in new[] { "test.refund", "test.sync" })
        {
            var directive = Assert.Single(await DirectivesAsync(admin, topic, orderRef));
            Assert.Equal("cancelled", directive["payload"]!["status"]!.GetValue<string>());
            Assert.Equal("preparing", directive["payload"]!["previous_status"]!.GetValue<string>());
            Assert.Equal("queued", directive["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task StatusTimes_FollowTheChannelsFlow_WhateverItsStatusesAreCalled()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(new JsonObject
        {
            ["order_flow"] = Flow("new", ("new", ["preparing", "cancelled"]), ("preparing", ["done", "cancelled"])),
        });
        var created = app.Clock.GetUtcNow().UtcDateTime;
        app.Clock.Advance(TimeSpan.FromMinutes(7));

        (await admin.TransitionAsync(orderRef, "preparing")).Expect(HttpStatusCode.OK);

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        var times = order["status_times"]!.AsObject();
        Assert.Equal(["new", "preparing"], times.Select(t => t.Key).Order());
        Assert.Equal(created.AddMinutes(7), times["preparing"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Null(order["confirmed_at"]);
        var listed = (await admin.GetAsync($"/api/orders?status=preparing")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray()
            .Single(o => o!["ref"]!.GetValue<string>() == orderRef)!;
        Assert.Equal(times.ToJsonString(), listed["status_times"]!.ToJsonString());
    }

    [Fact]
    public async Task Directives_CarryWhatTheyConcern_AndAreListedByIt()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("corr", new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock"),
            ["post_commit_directives"] = new JsonArray("test.after_commit"),
            ["on_status"] = new JsonObject { ["cancelled"] = new JsonArray("test.refund") },
        });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("CORR-SKU", 1))).Expect(HttpStatusCode.OK);

        var forSession = await admin.AllPagesAsync($"/api/directives?correlation=session:{channel}:{key}");
        Assert.Equal(["stock.hold"], forSession.Select(d => d["topic"]!.GetValue<string>()));

        await app.DispatchAllAsync();
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        (await admin.TransitionAsync(orderRef, "cancelled")).Expect(HttpStatusCode.OK);

        var forOrder = await admin.AllPagesAsync($"/api/directives?correlation=order:{orderRef}");
        Assert.Equal(["test.after_commit", "test.refund"], forOrder.Select(d => d["topic"]!.GetValue<string>()).Order());
        Assert.All(forOrder, d => Assert.Equal($"order:{orderRef}", d["correlation"]!.GetValue<string>()));
    }

    private static JsonObject Marketplace() => new()
    {
        ["status_mapping"] = new JsonObject { ["CFM"] = "confirmed", ["DSP"] = "dispatched", ["CAN"] = "cancelled" },
        ["on_status"] = new JsonObject { ["dispatched"] = new JsonArray("test.sync") },
    };

    private static Task<ApiResponse> ReportAsync(ApiClient client, string orderRef, string code) =>
        client.PostAsync($"/api/orders/{orderRef}/external-status", new JsonObject { ["code"] = code });

    [Fact]
    public async Task ExternalStatus_MovesAlongTheMapping_NeverBack()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(Marketplace());

        var moved = (await ReportAsync(admin, orderRef, "DSP")).Expect(HttpStatusCode.OK).Json;
        var duplicate = (await ReportAsync(admin, orderRef, "DSP")).Expect(HttpStatusCode.OK).Json;
        var late = (await ReportAsync(admin, orderRef, "CFM")).Expect(HttpStatusCode.OK).Json;
        var unknown = (await ReportAsync(admin, orderRef, "ZZZ")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(("moved", "dispatched", "new"), (moved["outcome"]!.GetValue<string>(), moved["status"]!.GetValue<string>(), moved["previous_status"]!.GetValue<string>()));
        Assert.Equal(("duplicate", "dispatched"), (duplicate["outcome"]!.GetValue<string>(), duplicate["status"]!.GetValue<string>()));
        Assert.Equal(("passed", "dispatched"), (late["outcome"]!.GetValue<string>(), late["status"]!.GetValue<string>()));
        Assert.Equal(("unknown_code", "dispatched"), (unknown["outcome"]!.GetValue<string>(), unknown["status"]!.GetValue<string>()));
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(["created", "status_changed", "status_changed", "status_changed", "external_status_unknown"],
            order["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Single(await DirectivesAsync(admin, "test.sync", orderRef));
        Assert.Equal(["created:new", "moved:new>confirmed:status_mapping:DSP", "moved:confirmed>ready:status_mapping:DSP",
            "moved:ready>dispatched:status_mapping:DSP", "appended:external_status_unknown"], Hook.For(orderRef));
    }

    [Fact]
    public async Task ExternalStatus_ReportedTwiceAtOnce_MovesOnce()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(Marketplace());

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ReportAsync(admin, orderRef, "CFM")));

        Assert.All(answers, a => a.Expect(HttpStatusCode.OK));
        Assert.Equal(["duplicate", "duplicate", "duplicate", "moved"], answers.Select(a => a.Json["outcome"]!.GetValue<string>()).Order());
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Single(order["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "status_changed");
    }

    [Theory]
    [InlineData("""{}""", "missing_field")]
    [InlineData("""{"status": "CFM"}""", "unknown_field")]
    public async Task ExternalStatus_NeedsACode(string body, string code)
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(Marketplace());

        var response = await admin.PostRawAsync($"/api/orders/{orderRef}/external-status", body);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal(code, response.ErrorCode);
    }

    [Theory]
    [InlineData("""{"on_status": {"shipped": ["x.y"]}}""", "on_status.shipped")]
    [InlineData("""{"on_status": {"cancelled": "x.y"}}""", "on_status.cancelled")]
    [InlineData("""{"on_status": ["x.y"]}""", "on_status")]
    public async Task OnStatus_IsValidated_ByKey(string config, string key)
    {
        using var admin = app.Admin();

        var response = await admin.PostRawAsync("/api/channels", $$"""{"code": "onstatus-bad", "name": "B", "config": {{config}}}""");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal(key, response.Json["error"]!["context"]!["key"]!.GetValue<string>());
    }
}

public sealed class SqliteOrderLifecycleTests(SqliteLifecycleApp app) : OrderLifecycleTests(app), IClassFixture<SqliteLifecycleApp>;

public sealed class PostgresOrderLifecycleTests(PostgresLifecycleApp app) : OrderLifecycleTests(app), IClassFixture<PostgresLifecycleApp>;
