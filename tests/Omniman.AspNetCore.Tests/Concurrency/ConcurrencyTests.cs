using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

/// <summary>
/// Races on one resource: a session never yields two orders (docs/concepts.md), get-or-open yields one
/// session (§3), modifies lose no update (§3), concurrent moves of one order serialize (§5). The
/// requests run truly in parallel, each on its own client.
/// </summary>
public abstract class ConcurrencyTests(OmnimanApp app)
{
    protected const int Parallel = 20;

    /// <summary>Runs <paramref name="count"/> requests at once, each with its own client, released together.</summary>
    protected async Task<ApiResponse[]> RaceAsync(int count, Func<ApiClient, int, Task<ApiResponse>> request)
    {
        var clients = Enumerable.Range(0, count).Select(_ => app.Admin()).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = clients.Select((client, i) => Task.Run(async () =>
            {
                await start.Task;
                return await request(client, i);
            })).ToList();
            start.SetResult();
            return await Task.WhenAll(tasks);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    protected static async Task<(string Channel, string Key)> SessionWithLineAsync(ApiClient admin)
    {
        var channel = await admin.CreateChannelAsync("race");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-1", 1, 1000))).Expect(HttpStatusCode.OK);
        return (channel, key);
    }

    protected static async Task<JsonArray> OrdersOfAsync(ApiClient admin, string channel) =>
        (await admin.GetAsync($"/api/orders?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray();

    private static string Describe(IEnumerable<ApiResponse> responses) =>
        string.Join("; ", responses.GroupBy(r => $"{(int)r.Status} {r.ErrorCode}").Select(g => $"{g.Count()}× {g.Key}"));

    [Fact]
    public async Task Commit_YieldsOneOrder_WhenManyCommitsWithDistinctKeysRace()
    {
        using var admin = app.Admin();
        var (channel, key) = await SessionWithLineAsync(admin);

        var responses = await RaceAsync(Parallel, (client, i) => client.CommitAsync(channel, key, $"distinct-{key}-{i}"));

        var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.True(created.Count == 1, Describe(responses));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Contains(r.ErrorCode, new[] { "already_committed", "in_progress" });
        });
        var orders = await OrdersOfAsync(admin, channel);
        Assert.Equal(created[0].Json["order_ref"]!.GetValue<string>(), Assert.Single(orders)!["ref"]!.GetValue<string>());
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("committed", session["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Commit_YieldsOneOrder_WhenManyCommitsWithOneKeyRace()
    {
        using var admin = app.Admin();
        var (channel, key) = await SessionWithLineAsync(admin);
        var idempotencyKey = $"shared-{key}";

        var responses = await RaceAsync(Parallel, (client, _) => client.CommitAsync(channel, key, idempotencyKey));

        var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.True(created.Count == 1, Describe(responses));
        var orderRef = created[0].Json["order_ref"]!.GetValue<string>();
        foreach (var other in responses.Where(r => r.Status != HttpStatusCode.Created))
        {
            if (other.Status == HttpStatusCode.OK)
            {
                Assert.Equal(orderRef, other.Json["order_ref"]!.GetValue<string>());
                Assert.True(JsonNode.DeepEquals(created[0].Json, other.Json), $"replay {other.Raw} vs {created[0].Raw}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, other.Status);
                Assert.Equal("in_progress", other.ErrorCode);
            }
        }
        Assert.Equal(orderRef, Assert.Single(await OrdersOfAsync(admin, channel))!["ref"]!.GetValue<string>());

        // Once the race is over, the key replays the stored response.
        var replay = (await admin.CommitAsync(channel, key, idempotencyKey)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(orderRef, replay["order_ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_YieldsOneSession_WhenManyGetOrOpenForOneHandleRace()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("open");
        var body = new JsonObject { ["channel_code"] = channel, ["handle_type"] = "table", ["handle_ref"] = "T-42" };

        var responses = await RaceAsync(Parallel, (client, _) => client.PostAsync("/api/sessions", body.DeepClone()));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.Status}: {r.Raw}"));
        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        var keys = responses.Select(r => r.Json["session_key"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(keys);
        var open = (await admin.GetAsync($"/api/sessions?channel_code={channel}&handle_type=table&handle_ref=T-42&state=open"))
            .Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.Equal(keys[0], Assert.Single(open)!["session_key"]!.GetValue<string>());
        var all = (await admin.GetAsync($"/api/sessions?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.Single(all);
    }

    [Fact]
    public async Task Modify_LosesNoUpdate_WhenManyAddLinesRace()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("mod");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        var responses = await RaceAsync(Parallel, (client, i) => client.ModifyAsync(channel, key, Scenario.AddLine($"SKU-{i}", 1, 100 + i)));

        Assert.All(responses, r => r.Expect(HttpStatusCode.OK));
        Assert.Equal(Enumerable.Range(1, Parallel), responses.Select(r => r.Json["rev"]!.GetValue<int>()).Order());
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(Parallel, session["rev"]!.GetValue<int>());
        var skus = session["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, Parallel).Select(i => $"SKU-{i}").Order(), skus.Order());
        Assert.Equal(Enumerable.Range(0, Parallel).Sum(i => 100L + i), session["total_q"]!.GetValue<long>());
    }

    [Fact]
    public async Task Modify_NeverChangesACommittedSession_WhenModifiesRaceACommit()
    {
        using var admin = app.Admin();
        for (var round = 0; round < 5; round++)
        {
            var channel = await admin.CreateChannelAsync("race");
            var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
            (await admin.ModifyAsync(channel, key, Scenario.AddLine("FIRST", 1, 100))).Expect(HttpStatusCode.OK);

            var responses = await RaceAsync(Parallel, (client, i) => i == Parallel / 2
                ? client.CommitAsync(channel, key, $"race-{key}")
                : client.ModifyAsync(channel, key, Scenario.AddLine($"SKU-{i}", 1, 100)));

            var commit = responses[Parallel / 2].Expect(HttpStatusCode.Created).Json;
            Assert.All(responses.Where((_, i) => i != Parallel / 2),
                r => Assert.True(r.Status == HttpStatusCode.OK || r.ErrorCode == "already_committed", $"{(int)r.Status} {r.Raw}"));
            var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
            var order = (await admin.GetAsync($"/api/orders/{commit["order_ref"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK).Json;
            Assert.Equal("committed", session["state"]!.GetValue<string>());
            Assert.Equal(order["items"]!.AsArray().Count, session["items"]!.AsArray().Count);
            Assert.Equal(order["total_q"]!.GetValue<long>(), session["total_q"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task Modify_AcceptsExactlyOne_WhenManyModifiesRaceOnOneExpectedRev()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("rev");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        var responses = await RaceAsync(Parallel, (client, i) => client.PostAsync($"/api/sessions/{key}/modify", new JsonObject
        {
            ["channel_code"] = channel, ["expected_rev"] = 0, ["ops"] = new JsonArray(Scenario.AddLine($"SKU-{i}", 1, 100)),
        }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("stale_rev", r.ErrorCode));
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(1, session["rev"]!.GetValue<int>());
        Assert.Single(session["items"]!.AsArray());
    }

    [Fact]
    public async Task Transition_SerializesConcurrentMoves_ConfirmVersusCancel()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var requests = Enumerable.Range(0, Parallel).Select(i => (Status: i % 2 == 0 ? "confirmed" : "cancelled", Actor: $"actor-{i}")).ToList();

        var responses = await RaceAsync(Parallel, (client, i) => client.TransitionAsync(orderRef, requests[i].Status, requests[i].Actor));

        var moves = await AssertValidPathAsync(admin, orderRef, 0, requests, responses);
        Assert.InRange(moves, 1, 2);
        // Cancel wins in the end: it is allowed from new and from confirmed, and nothing leaves it.
        Assert.Equal("cancelled", (await admin.GetAsync($"/api/orders/{orderRef}")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transition_SerializesConcurrentMoves_AlongTheWholeFlow()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        string[] targets = ["confirmed", "processing", "ready", "dispatched", "delivered", "returned", "completed", "cancelled"];
        var logged = 0;

        for (var round = 0; round < 4; round++)
        {
            var requests = Enumerable.Range(0, Parallel).Select(i => (Status: targets[(i + round) % targets.Length], Actor: $"r{round}-{i}")).ToList();
            var responses = await RaceAsync(Parallel, (client, i) => client.TransitionAsync(orderRef, requests[i].Status, requests[i].Actor));
            logged += await AssertValidPathAsync(admin, orderRef, logged, requests, responses);
        }
        Assert.True(logged >= 1);
    }

    [Fact]
    public async Task ChannelCreate_Returns409NotAServerError_WhenOneCodeIsCreatedConcurrently()
    {
        using var admin = app.Admin();
        var code = $"dup-{Guid.NewGuid():N}"[..16];

        var responses = await RaceAsync(10, (client, _) => client.PostAsync("/api/channels", new JsonObject { ["code"] = code, ["name"] = "Dup" }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("channel_exists", r.ErrorCode);
        });
    }

    /// <summary>
    /// The whole event log is one path through the default flow (every move starts where the previous
    /// one ended and is allowed), and the moves this race added are exactly the real moves the clients
    /// were told about, each with its client's actor. Returns how many moves the race added.
    /// </summary>
    private static async Task<int> AssertValidPathAsync(ApiClient admin, string orderRef, int movesBefore,
        List<(string Status, string Actor)> requests, ApiResponse[] responses)
    {
        for (var i = 0; i < responses.Length; i++)
        {
            var r = responses[i];
            if (r.Status == HttpStatusCode.OK)
            {
                Assert.Equal(requests[i].Status, r.Json["status"]!.GetValue<string>());
                continue;
            }
            Assert.True(r.Status == HttpStatusCode.BadRequest, $"{(int)r.Status}: {r.Raw}");
            Assert.Contains(r.ErrorCode, new[] { "invalid_transition", "terminal_status" });
        }
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        var moves = order["events"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "status_changed")
            .Select(e => (From: e!["payload"]!["from"]!.GetValue<string>(), To: e["payload"]!["to"]!.GetValue<string>(), Actor: e["payload"]!["on_behalf_of"]?.GetValue<string>()))
            .ToList();
        var at = "new";
        foreach (var move in moves)
        {
            Assert.Equal(at, move.From);
            Assert.Contains(move.To, Orders.OrderTransitionTests.DefaultFlow[move.From]);
            at = move.To;
        }
        Assert.Equal(at, order["status"]!.GetValue<string>());

        var reported = responses.Select((r, i) => (r, i))
            .Where(x => x.r.Status == HttpStatusCode.OK && x.r.Json["previous_status"]!.GetValue<string>() != x.r.Json["status"]!.GetValue<string>())
            .Select(x => $"{x.r.Json["previous_status"]}>{x.r.Json["status"]}@{requests[x.i].Actor}").Order().ToList();
        var added = moves.Skip(movesBefore).Select(m => $"{m.From}>{m.To}@{m.Actor}").Order().ToList();
        Assert.Equal(reported, added);
        return added.Count;
    }
}

public sealed class SqliteConcurrencyTests(SqliteApp app) : ConcurrencyTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresConcurrencyTests(PostgresApp app) : ConcurrencyTests(app), IClassFixture<PostgresApp>;
