using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Orders;

/// <summary>GET /api/orders filters and cursor pagination, and the polling stream (docs/api.md, docs/concepts.md).</summary>
public abstract class OrderListTests(OmnimanApp app)
{
    private static List<string> Refs(JsonNode page) =>
        [.. page["results"]!.AsArray().Select(r => r!["ref"]!.GetValue<string>())];

    private static string Iso(DateTime at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private static async Task<List<string>> ListAsync(ApiClient client, string query) =>
        Refs((await client.GetAsync($"/api/orders?{query}")).Expect(HttpStatusCode.OK).Json);

    [Fact]
    public async Task List_FiltersByChannelCode_NewestFirst()
    {
        using var admin = app.Admin();
        var mine = await admin.CreateChannelAsync("lc");
        var other = await admin.CreateChannelAsync("lo");
        var first = await admin.OrderInChannelAsync(mine);
        await admin.OrderInChannelAsync(other);
        var second = await admin.OrderInChannelAsync(mine);

        var page = (await admin.GetAsync($"/api/orders?channel_code={mine}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal([second, first], Refs(page));
        Assert.Null(page["next"]);
        Assert.Null(page["previous"]);
        Assert.All(page["results"]!.AsArray(), r => Assert.Equal(mine, r!["channel_code"]!.GetValue<string>()));
        // Lists carry the items but leave the event log to the detail view.
        Assert.NotEmpty(page["results"]![0]!["items"]!.AsArray());
    }

    [Fact]
    public async Task ListAndStream_CarryEachOrdersOwnItems_InLineOrder()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("li");
        var since = (await admin.GetAsync("/api/orders/stream")).Expect(HttpStatusCode.OK).Json["last_id"]!.GetValue<long>();
        var refs = new List<string>();
        for (var n = 1; n <= 3; n++)
            refs.Add(await admin.OrderInChannelAsync(channel, ops: [.. Enumerable.Range(1, n).Select(i => Scenario.AddLine($"LI-{n}-{i}", i, 100 * i))]));
        await admin.OrderInChannelAsync(await admin.CreateChannelAsync("lx"), ops: [Scenario.AddLine("LX-1", 1, 100)]);
        var detail = new Dictionary<string, string>();
        foreach (var orderRef in refs)
            detail[orderRef] = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["items"]!.ToJsonString();

        var page = (await admin.GetAsync($"/api/orders?channel_code={channel}&page_size=2")).Expect(HttpStatusCode.OK).Json;
        var next = (await admin.GetAsync(page["next"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        var previous = (await admin.GetAsync(next["previous"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        var stream = (await admin.GetAsync($"/api/orders/stream?since={since}&channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

        var listed = new[] { page["results"], next["results"], previous["results"], stream["orders"] }.SelectMany(p => p!.AsArray()).ToList();
        Assert.Equal(8, listed.Count);
        foreach (var order in listed)
        {
            var items = order!["items"]!.AsArray();
            var n = refs.IndexOf(order["ref"]!.GetValue<string>()) + 1;
            Assert.Equal([.. Enumerable.Range(1, n).Select(i => $"LI-{n}-{i}")], items.Select(i => i!["sku"]!.GetValue<string>()));
            Assert.Equal(detail[order["ref"]!.GetValue<string>()], items.ToJsonString());
        }
    }

    [Fact]
    public async Task List_Returns200Empty_WhenChannelHasNoOrders()
    {
        using var admin = app.Admin();

        var page = (await admin.GetAsync("/api/orders?channel_code=nothing-here")).Expect(HttpStatusCode.OK).Json;

        Assert.Empty(page["results"]!.AsArray());
        Assert.Null(page["next"]);
    }

    [Fact]
    public async Task List_FiltersByStatus()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("ls");
        var stays = await admin.OrderInChannelAsync(channel);
        var confirmed = await admin.OrderInChannelAsync(channel);
        var cancelled = await admin.OrderInChannelAsync(channel);
        (await admin.TransitionAsync(confirmed, "confirmed")).Expect(HttpStatusCode.OK);
        (await admin.TransitionAsync(cancelled, "cancelled")).Expect(HttpStatusCode.OK);

        Assert.Equal([stays], await ListAsync(admin, $"channel_code={channel}&status=new"));
        Assert.Equal([confirmed], await ListAsync(admin, $"channel_code={channel}&status=confirmed"));
        Assert.Equal([cancelled], await ListAsync(admin, $"channel_code={channel}&status=cancelled"));
        Assert.Empty(await ListAsync(admin, $"channel_code={channel}&status=completed"));
    }

    [Fact]
    public async Task List_FiltersByCreatedAfterAndBefore()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("lt");
        app.Clock.Advance(TimeSpan.FromHours(1));
        var t1 = app.Clock.GetUtcNow().UtcDateTime;
        var a = await admin.OrderInChannelAsync(channel);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var b = await admin.OrderInChannelAsync(channel);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var t3 = app.Clock.GetUtcNow().UtcDateTime;
        var c = await admin.OrderInChannelAsync(channel);
        var half = TimeSpan.FromMinutes(30);

        Assert.Equal([c, b], await ListAsync(admin, $"channel_code={channel}&created_after={Iso(t1 + half)}"));
        Assert.Equal([b, a], await ListAsync(admin, $"channel_code={channel}&created_before={Iso(t3 - half)}"));
        Assert.Equal([b], await ListAsync(admin, $"channel_code={channel}&created_after={Iso(t1 + half)}&created_before={Iso(t3 - half)}"));
        Assert.Equal([c, b, a], await ListAsync(admin, $"channel_code={channel}&created_after={Iso(t1 - half)}"));
        Assert.Empty(await ListAsync(admin, $"channel_code={channel}&created_after={Iso(t3 + half)}"));
    }

    [Fact]
    public async Task List_ReadsTimestampOffsets()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("lz");
        app.Clock.Advance(TimeSpan.FromHours(1));
        var at = app.Clock.GetUtcNow();
        var orderRef = await admin.OrderInChannelAsync(channel);

        // The same instant, one minute before the order, written in UTC-03:00.
        var before = (at - TimeSpan.FromMinutes(1)).ToOffset(TimeSpan.FromHours(-3)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var after = (at + TimeSpan.FromMinutes(1)).ToOffset(TimeSpan.FromHours(-3)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

        Assert.Equal([orderRef], await ListAsync(admin, $"channel_code={channel}&created_after={Uri.EscapeDataString(before)}"));
        Assert.Empty(await ListAsync(admin, $"channel_code={channel}&created_after={Uri.EscapeDataString(after)}"));
    }

    [Theory]
    [InlineData("created_after")]
    [InlineData("created_before")]
    public async Task List_Returns400NamingField_WhenTimestampIsMalformed(string field)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync($"/api/orders?{field}=yesterday");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal(field, response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_FiltersByHandleRef()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("lh");
        var table = $"T-{Guid.NewGuid():N}"[..10];
        var first = await admin.OrderInChannelAsync(channel, "table", table);
        await admin.OrderInChannelAsync(channel, "table", table + "x");
        await admin.OrderInChannelAsync(channel);
        var second = await admin.OrderInChannelAsync(channel, "table", table);

        Assert.Equal([second, first], await ListAsync(admin, $"handle_ref={table}"));
    }

    [Fact]
    public async Task List_FiltersByExternalRef()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("le");
        var external = $"EXT-{Guid.NewGuid():N}";
        await admin.OrderInChannelAsync(channel, null, null, Scenario.AddLine("A", 1, 100), Scenario.SetData("external_ref", external + "-other"));
        var match = await admin.OrderInChannelAsync(channel, null, null, Scenario.AddLine("A", 1, 100), Scenario.SetData("external_ref", external));
        await admin.OrderInChannelAsync(channel);

        var results = (await admin.GetAsync($"/api/orders?external_ref={external}")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray();

        Assert.Equal(match, Assert.Single(results)!["ref"]!.GetValue<string>());
        Assert.Equal(external, results[0]!["external_ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_PagesWithCursors_ForwardAndBack()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("lp");
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add(await admin.OrderInChannelAsync(channel));
        created.Reverse();   // newest first

        var page1 = (await admin.GetAsync($"/api/orders?channel_code={channel}&page_size=2")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(created[0..2], Refs(page1));
        Assert.Null(page1["previous"]);
        var next1 = page1["next"]!.GetValue<string>();
        Assert.Contains($"channel_code={channel}", next1, StringComparison.Ordinal);
        Assert.Contains("page_size=2", next1, StringComparison.Ordinal);

        var page2 = (await admin.GetAsync(next1)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(created[2..4], Refs(page2));
        var page3 = (await admin.GetAsync(page2["next"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(created[4..5], Refs(page3));
        Assert.Null(page3["next"]);

        var back2 = (await admin.GetAsync(page3["previous"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(created[2..4], Refs(back2));
        var back1 = (await admin.GetAsync(back2["previous"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(created[0..2], Refs(back1));
        Assert.Null(back1["previous"]);
        Assert.Equal(created[2..4], Refs((await admin.GetAsync(back1["next"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json));
    }

    [Fact]
    public async Task List_PagesStayStable_WhenOrdersAreInsertedBetweenPages()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("lq");
        var created = new List<string>();
        for (var i = 0; i < 4; i++) created.Add(await admin.OrderInChannelAsync(channel));
        created.Reverse();

        var page1 = (await admin.GetAsync($"/api/orders?channel_code={channel}&page_size=2")).Expect(HttpStatusCode.OK).Json;
        var newcomer = await admin.OrderInChannelAsync(channel);
        var page2 = (await admin.GetAsync(page1["next"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(created[0..2], Refs(page1));
        Assert.Equal(created[2..4], Refs(page2));
        Assert.DoesNotContain(newcomer, Refs(page2));
    }

    [Fact]
    public async Task List_UsesDefaultPageSize25_AndCapsAt100()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("ld");
        for (var i = 0; i < 27; i++) await admin.OrderInChannelAsync(channel);

        var page = (await admin.GetAsync($"/api/orders?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(25, page["results"]!.AsArray().Count);
        Assert.NotNull(page["next"]);
        var rest = (await admin.GetAsync(page["next"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2, rest["results"]!.AsArray().Count);

        var capped = (await admin.GetAsync($"/api/orders?channel_code={channel}&page_size=1000")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(27, capped["results"]!.AsArray().Count);
        Assert.Null(capped["next"]);
    }

    [Theory]
    [InlineData("page_size=0")]
    [InlineData("page_size=-1")]
    [InlineData("page_size=ten")]
    [InlineData("cursor=not-a-cursor")]
    public async Task List_Returns400_WhenPagingParameterIsInvalid(string query)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync($"/api/orders?{query}");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal(query.Split('=')[0], response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_ReturnsOnlyNewerOrders_OldestFirst()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("st");
        var first = await admin.OrderInChannelAsync(channel);
        var sinceId = (await admin.GetAsync($"/api/orders/{first}")).Expect(HttpStatusCode.OK).Json["id"]!.GetValue<long>();
        var second = await admin.OrderInChannelAsync(channel);
        var third = await admin.OrderInChannelAsync(channel);

        var stream = (await admin.GetAsync($"/api/orders/stream?since={sinceId}")).Expect(HttpStatusCode.OK).Json;

        var orders = stream["orders"]!.AsArray();
        Assert.Equal([second, third], orders.Select(o => o!["ref"]!.GetValue<string>()));
        var thirdId = orders[1]!["id"]!.GetValue<long>();
        Assert.Equal(thirdId, stream["last_id"]!.GetValue<long>());
        Assert.True(orders[0]!["id"]!.GetValue<long>() > sinceId);

        var idle = (await admin.GetAsync($"/api/orders/stream?since={thirdId}")).Expect(HttpStatusCode.OK).Json;
        Assert.Empty(idle["orders"]!.AsArray());
        Assert.Equal(thirdId, idle["last_id"]!.GetValue<long>());

        var fourth = await admin.OrderInChannelAsync(channel);
        var later = (await admin.GetAsync($"/api/orders/stream?since={thirdId}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal([fourth], later["orders"]!.AsArray().Select(o => o!["ref"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stream_ContinuesFromLastId_WhenMoreThanAPageIsWaiting()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("sp");
        var first = await admin.OrderInChannelAsync(channel);
        var sinceId = (await admin.GetAsync($"/api/orders/{first}")).Expect(HttpStatusCode.OK).Json["id"]!.GetValue<long>();
        var newer = new List<string>();
        for (var i = 0; i < 3; i++) newer.Add(await admin.OrderInChannelAsync(channel));

        var page1 = (await admin.GetAsync($"/api/orders/stream?since={sinceId}&page_size=2")).Expect(HttpStatusCode.OK).Json;
        var page2 = (await admin.GetAsync($"/api/orders/stream?since={page1["last_id"]}&page_size=2")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(newer[0..2], page1["orders"]!.AsArray().Select(o => o!["ref"]!.GetValue<string>()));
        Assert.Equal(newer[2..3], page2["orders"]!.AsArray().Select(o => o!["ref"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stream_StartsFromTheBeginning_WhenSinceIsLeftOut()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("s0");
        var orderRef = await admin.OrderInChannelAsync(channel);

        var stream = (await admin.GetAsync("/api/orders/stream?page_size=100")).Expect(HttpStatusCode.OK).Json;

        var ids = stream["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Order().ToList(), ids);
        Assert.Contains(stream["orders"]!.AsArray(), o => o!["ref"]!.GetValue<string>() == orderRef);
    }

    [Fact]
    public async Task Stream_Returns400_WhenSinceIsNotANumber()
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync("/api/orders/stream?since=yesterday");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
    }

    [Fact]
    public async Task List_Returns401_WithoutKey()
    {
        using var anonymous = app.Client(null);

        var response = await anonymous.GetAsync("/api/orders");

        response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", response.ErrorCode);
    }
}

public sealed class SqliteOrderListTests(SqliteApp app) : OrderListTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOrderListTests(PostgresApp app) : OrderListTests(app), IClassFixture<PostgresApp>;
