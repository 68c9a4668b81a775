using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Orders;

/// <summary>POST /api/orders/{ref}/transition by the default and custom flows (docs/concepts.md).</summary>
public abstract class OrderTransitionTests(OmnimanApp app)
{
    /// <summary>The default flow of docs/concepts.md, written out here so the test does not read the code's copy.</summary>
    public static readonly Dictionary<string, string[]> DefaultFlow = new()
    {
        ["new"] = ["confirmed", "cancelled"],
        ["confirmed"] = ["processing", "ready", "cancelled"],
        ["processing"] = ["ready", "cancelled"],
        ["ready"] = ["dispatched", "completed"],
        ["dispatched"] = ["delivered", "returned"],
        ["delivered"] = ["completed", "returned"],
        ["returned"] = ["completed"],
        ["completed"] = [],
        ["cancelled"] = [],
    };

    public static readonly string[] Statuses = [.. DefaultFlow.Keys];

    /// <summary>The shortest path of moves from <c>new</c> to a status in the default flow.</summary>
    private static List<string> PathTo(string target)
    {
        var previous = new Dictionary<string, string?> { ["new"] = null };
        var queue = new Queue<string>(["new"]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var next in DefaultFlow[at].Where(n => !previous.ContainsKey(n)))
            {
                previous[next] = at;
                queue.Enqueue(next);
            }
        }
        var path = new List<string>();
        for (var at = target; at != "new"; at = previous[at]!) path.Insert(0, at);
        return path;
    }

    private static async Task<string> OrderAtAsync(ApiClient admin, string channel, string status)
    {
        var orderRef = await admin.OrderInChannelAsync(channel);
        foreach (var step in PathTo(status)) (await admin.TransitionAsync(orderRef, step)).Expect(HttpStatusCode.OK);
        return orderRef;
    }

    private static async Task<JsonArray> EventsAsync(ApiClient client, string orderRef) =>
        (await client.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["events"]!.AsArray();

    public static TheoryData<string, string> AllowedMoves()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, targets) in DefaultFlow)
            foreach (var to in targets) data.Add(from, to);
        return data;
    }

    public static TheoryData<string, string> DisallowedMoves()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, targets) in DefaultFlow.Where(f => f.Value.Length > 0))
            foreach (var to in Statuses.Where(s => s != from && !targets.Contains(s))) data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public async Task Transition_Returns200AndAppendsEvent_WhenDefaultFlowAllowsMove(string from, string to)
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("tr");
        var orderRef = await OrderAtAsync(admin, channel, from);
        var eventsBefore = (await EventsAsync(admin, orderRef)).Count;

        var response = (await admin.TransitionAsync(orderRef, to, "alice", "because")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(orderRef, response["ref"]!.GetValue<string>());
        Assert.Equal(to, response["status"]!.GetValue<string>());
        Assert.Equal(from, response["previous_status"]!.GetValue<string>());
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(to, order["status"]!.GetValue<string>());
        Assert.NotNull(order[$"{to}_at"]);
        var events = order["events"]!.AsArray();
        Assert.Equal(eventsBefore + 1, events.Count);
        var last = events[^1]!;
        Assert.Equal("status_changed", last["type"]!.GetValue<string>());
        Assert.Equal("bootstrap", last["actor"]!.GetValue<string>());   // the key's name; the client's actor rides along
        Assert.Equal("alice", last["payload"]!["on_behalf_of"]!.GetValue<string>());
        Assert.Equal(from, last["payload"]!["from"]!.GetValue<string>());
        Assert.Equal(to, last["payload"]!["to"]!.GetValue<string>());
        Assert.Equal("because", last["payload"]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(DisallowedMoves))]
    public async Task Transition_Returns400InvalidTransition_WhenDefaultFlowForbidsMove(string from, string to)
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("tr");
        var orderRef = await OrderAtAsync(admin, channel, from);
        var before = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

        var response = await admin.TransitionAsync(orderRef, to);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_transition", response.ErrorCode);
        var context = response.Json["error"]!["context"]!;
        Assert.Equal(from, context["current_status"]!.GetValue<string>());
        Assert.Equal(to, context["requested_status"]!.GetValue<string>());
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(from, order["status"]!.GetValue<string>());
        Assert.Equal(before["events"]!.AsArray().Count, order["events"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(before[$"{to}_at"], order[$"{to}_at"]), $"{to}_at changed");
        Assert.Equal(before["updated_at"]!.GetValue<DateTime>(), order["updated_at"]!.GetValue<DateTime>());
    }

    [Theory]
    [InlineData("completed", "new")]
    [InlineData("completed", "returned")]
    [InlineData("completed", "cancelled")]
    [InlineData("cancelled", "confirmed")]
    [InlineData("cancelled", "new")]
    [InlineData("cancelled", "completed")]
    public async Task Transition_Returns400TerminalStatus_WhenOrderIsTerminal(string terminal, string to)
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("tr");
        var orderRef = await OrderAtAsync(admin, channel, terminal);
        var eventsBefore = (await EventsAsync(admin, orderRef)).Count;

        var response = await admin.TransitionAsync(orderRef, to);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("terminal_status", response.ErrorCode);
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(terminal, order["status"]!.GetValue<string>());
        Assert.Equal(eventsBefore, order["events"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("new")]
    [InlineData("confirmed")]
    [InlineData("dispatched")]
    [InlineData("cancelled")]
    [InlineData("completed")]
    public async Task Transition_IsNoOp_WhenMovingToCurrentStatus(string status)
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("tr");
        var orderRef = await OrderAtAsync(admin, channel, status);
        var before = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        var response = (await admin.TransitionAsync(orderRef, status)).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(status, response["status"]!.GetValue<string>());
        Assert.Equal(status, response["previous_status"]!.GetValue<string>());
        var after = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(before["events"]!.AsArray().Count, after["events"]!.AsArray().Count);
        Assert.Equal(before["updated_at"]!.GetValue<DateTime>(), after["updated_at"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Transition_RecordsKeyNameAsActor_WhenBodyHasNone()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var secret = await app.CreateKeyAsync("kitchen-display", ["orders:write", "orders:read"]);
        using var kitchen = app.Client(secret);

        (await kitchen.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);

        var last = (await EventsAsync(admin, orderRef))[^1]!;
        Assert.Equal("status_changed", last["type"]!.GetValue<string>());
        Assert.Equal("kitchen-display", last["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transition_Returns400NamingActor_WhenActorIsLongerThan200()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.TransitionAsync(orderRef, "confirmed", new string('a', 201));

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("actor", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("new", order["status"]!.GetValue<string>());
        Assert.Single(order["events"]!.AsArray());
        (await admin.TransitionAsync(orderRef, "confirmed", new string('a', 200))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Transition_Returns403_WhenKeyCanOnlyRead()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var secret = await app.CreateKeyAsync("reader", ["orders:read"]);
        using var reader = app.Client(secret);

        var response = await reader.TransitionAsync(orderRef, "confirmed");

        response.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", response.ErrorCode);
        Assert.Equal("new", (await admin.GetAsync($"/api/orders/{orderRef}")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transition_Returns404_WhenRefIsUnknown()
    {
        using var admin = app.Admin();

        var response = await admin.TransitionAsync("ORD-20200101-NOPE22", "confirmed");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Fact]
    public async Task Transition_Returns400MissingField_WhenStatusIsMissing()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.PostAsync($"/api/orders/{orderRef}/transition", new JsonObject { ["actor"] = "x" });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("missing_field", response.ErrorCode);
        Assert.Equal("status", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transition_Returns400MissingField_WhenBodyIsEmpty()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.SendAsync(HttpMethod.Post, $"/api/orders/{orderRef}/transition", null);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("missing_field", response.ErrorCode);
    }

    [Fact]
    public async Task Transition_Returns400InvalidTransition_WhenStatusIsUnknownToFlow()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.TransitionAsync(orderRef, "teleported");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_transition", response.ErrorCode);
    }

    [Fact]
    public async Task Transition_StampsEachStatusOnce_AlongTheHappyPath()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var stamps = new Dictionary<string, DateTime>();

        foreach (var status in new[] { "confirmed", "processing", "ready", "dispatched", "delivered", "completed" })
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            stamps[status] = app.Clock.GetUtcNow().UtcDateTime;
            (await admin.TransitionAsync(orderRef, status)).Expect(HttpStatusCode.OK);
        }

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        foreach (var (status, at) in stamps)
            AssertNear(at, order[$"{status}_at"]!.GetValue<DateTime>(), status);
        Assert.Null(order["cancelled_at"]);
        Assert.Null(order["returned_at"]);
        var events = order["events"]!.AsArray();
        Assert.Equal(["created", .. Enumerable.Repeat("status_changed", 6)], events.Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Transition_KeepsFirstStamp_WhenCustomFlowRevisitsStatus()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(JsonNode.Parse("""
            {"order_flow": {
                "initial_status": "new",
                "transitions": {"new": ["confirmed"], "confirmed": ["processing", "cancelled"], "processing": ["confirmed", "completed"]},
                "terminal_statuses": ["completed", "cancelled"]}}
            """)!.AsObject());

        app.Clock.Advance(TimeSpan.FromHours(1));
        var firstConfirm = app.Clock.GetUtcNow().UtcDateTime;
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var firstProcessing = app.Clock.GetUtcNow().UtcDateTime;
        (await admin.TransitionAsync(orderRef, "processing")).Expect(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var back = (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK).Json;
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await admin.TransitionAsync(orderRef, "processing")).Expect(HttpStatusCode.OK);

        Assert.Equal("processing", back["previous_status"]!.GetValue<string>());
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("processing", order["status"]!.GetValue<string>());
        AssertNear(firstConfirm, order["confirmed_at"]!.GetValue<DateTime>(), "confirmed_at");
        AssertNear(firstProcessing, order["processing_at"]!.GetValue<DateTime>(), "processing_at");
        var moves = order["events"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "status_changed")
            .Select(e => $"{e!["payload"]!["from"]}>{e["payload"]!["to"]}").ToList();
        Assert.Equal(["new>confirmed", "confirmed>processing", "processing>confirmed", "confirmed>processing"], moves);
    }

    [Fact]
    public async Task Transition_FollowsCustomFlow_InsteadOfDefault()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("custom", JsonNode.Parse("""
            {"order_flow": {
                "initial_status": "received",
                "transitions": {"received": ["preparing", "rejected"], "preparing": ["served"]},
                "terminal_statuses": ["served", "rejected"]}}
            """)!.AsObject());
        var orderRef = await admin.OrderInChannelAsync(channel);

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("received", order["status"]!.GetValue<string>());
        Assert.Equal("received", order["events"]![0]!["payload"]!["status"]!.GetValue<string>());

        // Moves the default flow allows are not part of this one.
        var defaultMove = await admin.TransitionAsync(orderRef, "confirmed");
        defaultMove.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_transition", defaultMove.ErrorCode);
        var skip = await admin.TransitionAsync(orderRef, "served");
        Assert.Equal("invalid_transition", skip.ErrorCode);

        (await admin.TransitionAsync(orderRef, "preparing")).Expect(HttpStatusCode.OK);
        (await admin.TransitionAsync(orderRef, "served")).Expect(HttpStatusCode.OK);
        var terminal = await admin.TransitionAsync(orderRef, "preparing");
        terminal.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("terminal_status", terminal.ErrorCode);
    }

    [Fact]
    public async Task Commit_AppliesOnCreateAutoTransition()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("auto", JsonNode.Parse("""
            {"order_flow": {"auto_transitions": {"on_create": "confirmed"}}}
            """)!.AsObject());
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var at = app.Clock.GetUtcNow().UtcDateTime;

        var orderRef = await admin.OrderInChannelAsync(channel);

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        AssertNear(at, order["confirmed_at"]!.GetValue<DateTime>(), "confirmed_at");
        var events = order["events"]!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.Equal("created", events[0]!["type"]!.GetValue<string>());
        Assert.Equal("status_changed", events[1]!["type"]!.GetValue<string>());
        Assert.Equal("new", events[1]!["payload"]!["from"]!.GetValue<string>());
        Assert.Equal("confirmed", events[1]!["payload"]!["to"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(events[1]!["actor"]?.GetValue<string>()));
        // The default flow goes on from there.
        (await admin.TransitionAsync(orderRef, "processing")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Commit_StartsInInitialStatus_AndStampsIt()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("init", JsonNode.Parse("""
            {"order_flow": {"initial_status": "confirmed"}}
            """)!.AsObject());

        var orderRef = await admin.OrderInChannelAsync(channel);

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        Assert.NotNull(order["confirmed_at"]);
        Assert.Single(order["events"]!.AsArray());
        (await admin.TransitionAsync(orderRef, "ready")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Transition_UsesFlowSavedOnChannel_AfterReplace()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("swap");
        var orderRef = await admin.OrderInChannelAsync(channel);
        (await admin.PutAsync($"/api/channels/{channel}", JsonNode.Parse("""
            {"name": "Swapped", "config": {"order_flow": {"transitions": {"new": ["on_hold"], "on_hold": ["new"]}}}}
            """))).Expect(HttpStatusCode.OK);

        (await admin.TransitionAsync(orderRef, "on_hold")).Expect(HttpStatusCode.OK);
        var refused = await admin.TransitionAsync(orderRef, "confirmed");

        Assert.Equal("invalid_transition", refused.ErrorCode);
    }

    private static void AssertNear(DateTime expected, DateTime actual, string what) =>
        Assert.True(Math.Abs((expected - actual).TotalMilliseconds) < 1, $"{what}: expected {expected:O}, got {actual:O}");
}

public sealed class SqliteOrderTransitionTests(SqliteApp app) : OrderTransitionTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOrderTransitionTests(PostgresApp app) : OrderTransitionTests(app), IClassFixture<PostgresApp>;
