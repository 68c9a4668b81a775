using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Orders;

/// <summary>An order as committed and read back: reference, items, snapshot, events (docs/concepts.md).</summary>
public abstract partial class OrderReadTests(OmnimanApp app)
{
    [GeneratedRegex("^ORD-(?<date>[0-9]{8})-(?<random>[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6})$")]
    private static partial Regex RefPattern();

    [Fact]
    public async Task Commit_IssuesRefWithClockDateAndUnambiguousSuffix()
    {
        using var admin = app.Admin();
        // A date the real clock is not on, so the ref can only carry it if it reads the app's clock.
        app.Clock.Advance(TimeSpan.FromDays(400));
        var expectedDate = app.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var channel = await admin.CreateChannelAsync("ref");

        var refs = new List<string>();
        for (var i = 0; i < 5; i++) refs.Add(await admin.OrderInChannelAsync(channel));

        foreach (var orderRef in refs)
        {
            var match = RefPattern().Match(orderRef);
            Assert.True(match.Success, $"'{orderRef}' is not ORD-yyyyMMdd-XXXXXX over the unambiguous alphabet");
            Assert.Equal(expectedDate, match.Groups["date"].Value);
        }
        Assert.Equal(refs.Count, refs.Distinct().Count());
    }

    [Fact]
    public async Task Commit_Returns201WithCommitBody()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("cb");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 2, 1500), Scenario.AddLine("B", 1, 250))).Expect(HttpStatusCode.OK);

        var commit = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);

        var body = commit.Json;
        var orderRef = body["order_ref"]!.GetValue<string>();
        Assert.Matches(RefPattern(), orderRef);
        Assert.Equal("committed", body["status"]!.GetValue<string>());
        Assert.Equal(3250, body["total_q"]!.GetValue<long>());
        Assert.Equal(2, body["items_count"]!.GetValue<int>());
        Assert.True(body["order_id"]!.GetValue<long>() > 0);
        Assert.Equal($"/api/orders/{orderRef}", commit.Headers.Location?.OriginalString);
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(body["order_id"]!.GetValue<long>(), order["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Get_ReturnsItemsSnapshotAndCreatedEvent()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("get");
        var session = await admin.OpenSessionAsync(channel, "table", "T-7");
        var key = session["session_key"]!.GetValue<string>();
        var meta = new JsonObject { ["note"] = "no onions" };
        var line = Scenario.AddLine("BURGER", 2.5m, 1001);
        line["name"] = "Burger";
        line["meta"] = meta;
        (await admin.ModifyAsync(channel, key, line, Scenario.SetData("customer.name", "Ana"))).Expect(HttpStatusCode.OK);
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SODA", 1, 500))).Expect(HttpStatusCode.OK);
        var before = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(orderRef, order["ref"]!.GetValue<string>());
        Assert.Equal(channel, order["channel_code"]!.GetValue<string>());
        Assert.Equal(key, order["session_key"]!.GetValue<string>());
        Assert.Equal("table", order["handle_type"]!.GetValue<string>());
        Assert.Equal("T-7", order["handle_ref"]!.GetValue<string>());
        Assert.Equal("new", order["status"]!.GetValue<string>());
        Assert.Matches("^[A-Z]{3}$", order["currency"]!.GetValue<string>());
        // 2.5 × 1001 = 2502.5, half-even → 2502; plus 500.
        Assert.Equal(3002, order["total_q"]!.GetValue<long>());
        Assert.Null(order["confirmed_at"]);
        Assert.Null(order["cancelled_at"]);

        var items = order["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("BURGER", items[0]!["sku"]!.GetValue<string>());
        Assert.Equal("Burger", items[0]!["name"]!.GetValue<string>());
        Assert.Equal("2.5", items[0]!["qty"]!.ToJsonString());
        Assert.Equal(1001, items[0]!["unit_price_q"]!.GetValue<long>());
        Assert.Equal(2502, items[0]!["line_total_q"]!.GetValue<long>());
        Assert.Equal("no onions", items[0]!["meta"]!["note"]!.GetValue<string>());
        Assert.StartsWith("L-", items[0]!["line_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before["items"]![0]!["line_id"]!.GetValue<string>(), items[0]!["line_id"]!.GetValue<string>());
        Assert.Equal("SODA", items[1]!["sku"]!.GetValue<string>());

        var snapshot = order["snapshot"]!;
        Assert.Equal(1, snapshot["_v"]!.GetValue<int>());
        Assert.Equal(2, snapshot["rev"]!.GetValue<int>());
        Assert.Equal(channel, snapshot["channel_code"]!.GetValue<string>());
        Assert.Equal("internal", snapshot["pricing_policy"]!.GetValue<string>());
        Assert.Equal("Ana", snapshot["data"]!["customer"]!["name"]!.GetValue<string>());
        Assert.Equal(2, snapshot["items"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(before["items"], snapshot["items"]), $"snapshot items {snapshot["items"]!.ToJsonString()}");
        Assert.Equal(3002, snapshot["pricing"]!["total_q"]!.GetValue<long>());

        var events = order["events"]!.AsArray();
        Assert.Single(events);
        Assert.Equal("created", events[0]!["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(events[0]!["actor"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Get_KeepsItemsAndSnapshot_AfterTransitions()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var before = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        (await admin.TransitionAsync(orderRef, "cancelled")).Expect(HttpStatusCode.OK);

        var after = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.True(JsonNode.DeepEquals(before["items"], after["items"]));
        Assert.True(JsonNode.DeepEquals(before["snapshot"], after["snapshot"]));
        Assert.Equal(before["total_q"]!.GetValue<long>(), after["total_q"]!.GetValue<long>());
    }

    [Fact]
    public async Task Snapshot_ReadsBackAsCommitted_OnEveryReadPath()
    {
        // The snapshot goes from its column to the wire as text: quotes, escapes, non-ASCII and
        // markup must come out as the same JSON from the order, a list page and the stream.
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("snaptext");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        var since = (await admin.GetAsync("/api/orders/stream")).Expect(HttpStatusCode.OK).Json["last_id"]!.GetValue<long>();
        var note = new JsonObject
        {
            ["text"] = "Ação \"no\" onions \\ </script> \u2028 😀\n\ttab",
            ["nested"] = new JsonArray(1, 2.5m, true, null, new JsonObject { ["empty"] = "" }),
        };
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("ÇÃO-1", 1, 700), Scenario.SetData("note", note))).Expect(HttpStatusCode.OK);
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        var page = (await admin.GetAsync($"/api/orders?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        var stream = (await admin.GetAsync($"/api/orders/stream?since={since}&channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

        var snapshots = new[] { order["snapshot"], page["results"]![0]!["snapshot"], stream["orders"]![0]!["snapshot"] };
        foreach (var snapshot in snapshots)
        {
            Assert.True(JsonNode.DeepEquals(note, snapshot!["data"]!["note"]), $"snapshot data {snapshot!["data"]!.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(session["items"], snapshot["items"]), $"snapshot items {snapshot["items"]!.ToJsonString()}");
            Assert.Equal("ÇÃO-1", snapshot["items"]![0]!["sku"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Get_CarriesExternalRef_FromSessionData()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("ext");
        var externalRef = $"IFOOD-{Guid.NewGuid():N}";

        var orderRef = await admin.OrderInChannelAsync(channel, null, null,
            Scenario.AddLine("X", 1, 100), Scenario.SetData("external_ref", externalRef));

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(externalRef, order["external_ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Modify_Returns400NamingExternalRef_WhenLongerThanOrdersHold()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("extl");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 1, 100))).Expect(HttpStatusCode.OK);

        var refused = await admin.ModifyAsync(channel, key, Scenario.SetData("external_ref", new string('e', 129)));

        refused.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", refused.ErrorCode);
        Assert.Equal("external_ref", refused.Json["error"]!["context"]!["field"]!.GetValue<string>());
        Assert.Equal(1, (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["rev"]!.GetValue<int>());

        (await admin.ModifyAsync(channel, key, Scenario.SetData("external_ref", new string('e', 128)))).Expect(HttpStatusCode.OK);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        Assert.Equal(128, (await admin.GetAsync($"/api/orders/{orderRef}")).Json["external_ref"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Commit_IsNeverAServerError_ForLinesModifyAccepted()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("long");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        var line = Scenario.AddLine(new string('S', 65), 1, 100);
        line["name"] = new string('N', 201);

        var modify = await admin.ModifyAsync(channel, key, line);

        // Refusing the line is fine; accepting it and then failing every commit is not.
        if (modify.Status == HttpStatusCode.OK)
        {
            (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        }
        else
        {
            modify.Expect(HttpStatusCode.BadRequest);
            Assert.Contains(modify.Json["error"]!["context"]!["field"]!.GetValue<string>(), new[] { "sku", "name" });
        }
    }

    [Fact]
    public async Task Get_Returns404NotFound_WhenRefIsUnknown()
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync("/api/orders/ORD-20200101-ZZZZZZ");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Fact]
    public async Task Get_WritesTimestampsInUtc()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

        foreach (var stamp in new[] { order["created_at"], order["updated_at"], order["confirmed_at"], order["events"]![0]!["created_at"] })
            Assert.EndsWith("Z", stamp!.GetValue<string>(), StringComparison.Ordinal);
        var created = order["created_at"]!.GetValue<DateTime>();
        Assert.True(Math.Abs((created - app.Clock.GetUtcNow().UtcDateTime).TotalSeconds) < 1, $"created_at {created:O}");
    }

    [Fact]
    public async Task Get_TakesCurrencyFromChannelConfig()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync(new JsonObject { ["currency"] = "USD" });

        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("USD", order["currency"]!.GetValue<string>());
    }
}

public sealed class SqliteOrderReadTests(SqliteApp app) : OrderReadTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOrderReadTests(PostgresApp app) : OrderReadTests(app), IClassFixture<PostgresApp>;
