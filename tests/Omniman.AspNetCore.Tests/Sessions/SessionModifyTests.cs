using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>The modify pipeline of docs/concepts.md: atomicity, rev, state and policy guards, totals, check directives.</summary>
public abstract class SessionModifyTests(OmnimanApp app) : SessionTestBase(app)
{
    private const string StockChannel = """{"required_checks_on_commit":["stock"]}""";

    [Fact]
    public async Task Modify_ChangesNothing_WhenThirdOpFails()
    {
        var (channel, key, before) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1, 100), Ops.SetData("customer.name", "Ana"));
        var directivesBefore = (await Api.DirectivesAsync("stock.hold", channel)).Count;

        var response = await Api.ModifyAsync(channel, key,
            Ops.AddLine("B", 2, 300), Ops.SetData("customer.name", "Bia"), Ops.SetQty("L-NOTHERE", 5), Ops.AddLine("C", 1, 1));

        AssertError(response, HttpStatusCode.BadRequest, "unknown_line_id");
        Assert.Equal(2, response.Json["error"]!["context"]!.Get<int>("op_index"));
        var after = await SessionAsync(channel, key);
        Assert.Equal(1, after.Get<int>("rev"));
        Assert.True(JsonNode.DeepEquals(before["items"], after["items"]), after["items"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(before["data"], after["data"]), after["data"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(before["pricing"], after["pricing"]), after["pricing"]!.ToJsonString());
        Assert.Equal(100, after.Get<long>("total_q"));
        Assert.Equal(directivesBefore, (await Api.DirectivesAsync("stock.hold", channel)).Count);
    }

    [Fact]
    public async Task Modify_AppliesOpsInOrder_WhenLaterOpsUseEarlierResults()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1, 100));
        var line = LineId(session, 0);

        var after = await ModifyOkAsync(channel, key, Ops.SetQty(line, 4), Ops.ReplaceSku(line, "B", 25), Ops.SetQty(line, 2));

        var item = Assert.Single(after.Array("items"));
        Assert.Equal("B", item.Get<string>("sku"));
        Assert.Equal(2m, item.Get<decimal>("qty"));
        Assert.Equal(50, after.Get<long>("total_q"));
    }

    [Fact]
    public async Task Modify_IncrementsRevByOne_PerSuccessfulRequestWhateverTheOpCount()
    {
        var channel = await NewChannelAsync();
        var key = await OpenAsync(channel);

        var first = await ModifyOkAsync(channel, key, Ops.AddLine("A", 1));
        var second = await ModifyOkAsync(channel, key, Ops.AddLine("B", 1), Ops.AddLine("C", 1), Ops.SetData("x", 1));
        AssertError(await Api.ModifyAsync(channel, key, Ops.RemoveLine("L-NOTHERE")), HttpStatusCode.BadRequest, "unknown_line_id");
        var third = await ModifyOkAsync(channel, key, Ops.SetData("x", 2));

        Assert.Equal(1, first.Get<int>("rev"));
        Assert.Equal(2, second.Get<int>("rev"));
        Assert.Equal(3, third.Get<int>("rev"));
        Assert.Equal(3, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_ReturnsETagOfNewRev_WhenSuccessful()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = (await Api.ModifyAsync(channel, key, Ops.AddLine("B", 1))).Expect(HttpStatusCode.OK);

        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Modify_MovesUpdatedAtToNow_WhenSuccessful()
    {
        var (channel, key, opened) = await SessionWithAsync(null);
        App.Clock.Advance(TimeSpan.FromMinutes(3));

        var after = await ModifyOkAsync(channel, key, Ops.AddLine("A", 1));

        AssertCloseTo(App.Clock.GetUtcNow(), Utc(after, "updated_at"));
        AssertCloseTo(App.Clock.GetUtcNow(), Utc(await SessionAsync(channel, key), "updated_at"));
        Assert.Equal(Utc(opened, "opened_at"), Utc(after, "opened_at"));
    }

    [Fact]
    public async Task Modify_Returns409StaleRev_WhenExpectedRevDiffers()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var stale = await Api.PostAsync($"/api/sessions/{key}/modify",
            new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("B", 1)), ["expected_rev"] = 0 });
        var ahead = await Api.PostAsync($"/api/sessions/{key}/modify",
            new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("B", 1)), ["expected_rev"] = 7 });

        AssertError(stale, HttpStatusCode.Conflict, "stale_rev");
        Assert.Equal(1, stale.Json["error"]!["context"]!.Get<int>("current_rev"));
        AssertError(ahead, HttpStatusCode.Conflict, "stale_rev");
        var session = await SessionAsync(channel, key);
        Assert.Equal(1, session.Get<int>("rev"));
        Assert.Single(session.Array("items"));
    }

    [Fact]
    public async Task Modify_Applies_WhenExpectedRevMatches()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.PostAsync($"/api/sessions/{key}/modify",
            new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("B", 1)), ["expected_rev"] = 1 });

        Assert.Equal(2, response.Expect(HttpStatusCode.OK).Json.Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_Returns400NamingExpectedRev_WhenItIsNotAnInteger()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code":"{{channel}}","ops":[{"op":"set_data","path":"a","value":1}],"expected_rev":"zero"}""");

        AssertError(response, HttpStatusCode.BadRequest, "validation_error");
        Assert.Equal("expected_rev", response.Json["error"]!["context"]!.Get<string>("field"));
        Assert.Equal(0, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Theory]
    [InlineData("\"1\"", HttpStatusCode.OK)]
    [InlineData("W/\"1\"", HttpStatusCode.OK)]
    [InlineData("\"0\"", HttpStatusCode.Conflict)]
    [InlineData("\"2\"", HttpStatusCode.Conflict)]
    public async Task Modify_TreatsIfMatchAsExpectedRev_WhenHeaderGiven(string ifMatch, HttpStatusCode expected)
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.PostAsync($"/api/sessions/{key}/modify",
            new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("B", 1)) },
            new Dictionary<string, string> { ["If-Match"] = ifMatch });

        Assert.Equal(expected, response.Status);
        if (expected == HttpStatusCode.Conflict) Assert.Equal("stale_rev", response.ErrorCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 2 : 1, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_AcceptsETagFromGetAsIfMatch_OnlyUntilSomeoneElseModifies()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        var etag = (await GetSessionAsync(channel, key)).Headers.ETag!.ToString();
        var body = new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("B", 1)) };

        (await Api.PostAsync($"/api/sessions/{key}/modify", body, new Dictionary<string, string> { ["If-Match"] = etag })).Expect(HttpStatusCode.OK);
        var second = await Api.PostAsync($"/api/sessions/{key}/modify", body.DeepClone(), new Dictionary<string, string> { ["If-Match"] = etag });

        AssertError(second, HttpStatusCode.Conflict, "stale_rev");
    }

    [Fact]
    public async Task Modify_Returns400_WhenIfMatchIsNotARev()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.PostAsync($"/api/sessions/{key}/modify",
            new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("B", 1)) },
            new Dictionary<string, string> { ["If-Match"] = "\"abc\"" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(1, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Theory]
    [InlineData("1.5", 333, 500)]    // 499.5 rounds to the even 500
    [InlineData("2.5", 1, 2)]        // 2.5 rounds to the even 2
    [InlineData("3.5", 1, 4)]
    [InlineData("0.5", 1, 0)]
    [InlineData("0.5", 3, 2)]        // 1.5 rounds to 2
    [InlineData("0.333", 1000, 333)]
    [InlineData("2.675", 100, 268)]  // 267.5 exactly, so half-even gives 268 (binary floating point gives 267)
    [InlineData("1.005", 1000, 1005)]
    [InlineData("3", 1999, 5997)]
    public async Task Modify_RoundsLineTotalHalfEven_WhenQtyTimesPriceIsFractional(string qty, long unitPrice, long expected)
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var session = await ModifyOkAsync(channel, key,
            Ops.AddLine("A", decimal.Parse(qty, System.Globalization.CultureInfo.InvariantCulture), unitPrice));

        Assert.Equal(expected, session.Array("items")[0].Get<long>("line_total_q"));
        Assert.Equal(expected, session.Get<long>("total_q"));
    }

    [Fact]
    public async Task Modify_SumsRoundedLineTotalsIntoTotals_WhenSeveralLines()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var session = await ModifyOkAsync(channel, key, Ops.AddLine("A", 1.5m, 333), Ops.AddLine("B", 2.5m, 1), Ops.AddLine("C", 3, 1000));

        Assert.Equal([500L, 2L, 3000L], session.Array("items").Select(l => l.Get<long>("line_total_q")));
        Assert.Equal(3502, session.Get<long>("total_q"));
        Assert.Equal(3502, session["pricing"]!.Get<long>("total_q"));
        Assert.Equal(3502, session["pricing"]!.Get<long>("subtotal_q"));
        var read = await SessionAsync(channel, key);
        Assert.Equal(3502, read.Get<long>("total_q"));
        Assert.Equal(3502, read["pricing"]!.Get<long>("total_q"));
    }

    [Theory]
    [InlineData("100000000000000000000", 1000000000)]
    [InlineData("79228162514264337593543950335", 2)]
    public async Task Modify_Returns400AndChangesNothing_WhenLineTotalOverflows(string qty, long unitPrice)
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code":"{{channel}}","ops":[{"op":"add_line","sku":"A","qty":{{qty}},"unit_price_q":{{unitPrice}}}]}""");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        Assert.Equal(0, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_Returns400AndChangesNothing_WhenSessionTotalOverflows()
    {
        // Nine lines at the largest quantity and price (10^6 × 10^12) stay under the 64-bit limit; a tenth does not.
        var biggest = Enumerable.Range(0, 9).Select(_ => Ops.AddLine("A", 1_000_000, 1_000_000_000_000)).ToArray();
        var (channel, key, _) = await SessionWithAsync(null, biggest);

        var response = await Api.ModifyAsync(channel, key, Ops.AddLine("B", 1_000_000, 1_000_000_000_000));

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        var session = await SessionAsync(channel, key);
        Assert.Equal(1, session.Get<int>("rev"));
        Assert.Equal(9_000_000_000_000_000_000, session.Get<long>("total_q"));
    }

    [Fact]
    public async Task Modify_RecomputesTotals_WhenLinesRemovedOrChanged()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1, 100), Ops.AddLine("B", 1, 200));

        var after = await ModifyOkAsync(channel, key, Ops.RemoveLine(LineId(session, 1)), Ops.SetQty(LineId(session, 0), 3));

        Assert.Equal(300, after.Get<long>("total_q"));
        Assert.Equal(300, after["pricing"]!.Get<long>("total_q"));
        var emptied = await ModifyOkAsync(channel, key, Ops.RemoveLine(LineId(session, 0)));
        Assert.Equal(0, emptied.Get<long>("total_q"));
        Assert.Equal(0, emptied["pricing"]!.Get<long>("total_q"));
    }

    [Fact]
    public async Task Modify_Returns409AlreadyCommitted_WhenSessionCommitted()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);

        AssertError(await Api.ModifyAsync(channel, key, Ops.AddLine("B", 1)), HttpStatusCode.Conflict, "already_committed");
        var session = await SessionAsync(channel, key);
        Assert.Single(session.Array("items"));
        Assert.Equal(1, session.Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_Returns409AlreadyAbandoned_WhenSessionAbandoned()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);

        AssertError(await Api.ModifyAsync(channel, key, Ops.AddLine("B", 1)), HttpStatusCode.Conflict, "already_abandoned");
        Assert.Single((await SessionAsync(channel, key)).Array("items"));
    }

    [Fact]
    public async Task Modify_Returns409Locked_WhenChannelEditPolicyIsLocked()
    {
        var channel = await NewChannelAsync(editPolicy: "locked");
        var opened = await Api.OpenSessionAsync(channel);
        var key = opened.Get<string>("session_key");
        using var client = App.Client(await App.CreateKeyAsync("till", ["sessions:read", "sessions:write"]));

        var response = await client.ModifyAsync(channel, key, Ops.AddLine("A", 1));

        Assert.Equal("locked", opened.Get<string>("edit_policy"));
        AssertError(response, HttpStatusCode.Conflict, "locked");
        Assert.Equal(0, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_KeepsPoliciesCopiedAtOpen_WhenChannelChangesLater()
    {
        var channel = await NewChannelAsync();
        var key = await OpenAsync(channel);
        (await Api.PutAsync($"/api/channels/{channel}", new JsonObject
        {
            ["name"] = "Now locked", ["pricing_policy"] = "external", ["edit_policy"] = "locked", ["config"] = new JsonObject(),
        })).Expect(HttpStatusCode.OK);

        var response = await Api.ModifyAsync(channel, key, Ops.AddLine("A", 1, 100));

        response.Expect(HttpStatusCode.OK);
        Assert.Equal("open", response.Json.Get<string>("edit_policy"));
        Assert.Equal("internal", response.Json.Get<string>("pricing_policy"));
        Assert.Equal("locked", (await Api.OpenSessionAsync(channel)).Get<string>("edit_policy"));
    }

    [Fact]
    public async Task Modify_Returns404NotFound_WhenSessionUnknown()
    {
        var channel = await NewChannelAsync();

        AssertError(await Api.ModifyAsync(channel, "SESS-NOPE", Ops.AddLine("A", 1)), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Modify_QueuesOneStockHoldPerModify_WithSessionKeyChannelRevAndItems()
    {
        var (channel, key, first) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 2, 100));
        var second = await ModifyOkAsync(channel, key, Ops.AddLine("B", 1.5m, 200));

        var directives = await Api.DirectivesAsync("stock.hold", channel);

        Assert.Equal(2, directives.Count);
        Assert.All(directives, d => Assert.Equal("queued", d.Get<string>("status")));
        var payloads = directives.Select(d => d["payload"]!).ToList();
        Assert.All(payloads, p => Assert.Equal(key, p.Get<string>("session_key")));
        Assert.Equal([1, 2], payloads.Select(p => p.Get<int>("rev")));
        Assert.Equal([LineId(first, 0)], payloads[0].Array("items").Select(l => l.Get<string>("line_id")));
        Assert.Equal([LineId(second, 0), LineId(second, 1)], payloads[1].Array("items").Select(l => l.Get<string>("line_id")));
        Assert.Equal(1.5m, payloads[1].Array("items")[1].Get<decimal>("qty"));
        Assert.Equal("B", payloads[1].Array("items")[1].Get<string>("sku"));
    }

    [Fact]
    public async Task Modify_QueuesOneDirectivePerRequiredCheck_UsingConfiguredTopics()
    {
        var (channel, key, _) = await SessionWithAsync(
            """{"required_checks_on_commit":["stock","fraud"],"checks":{"fraud":{"directive_topic":"fraud.review"}}}""",
            Ops.AddLine("A", 1));
        await ModifyOkAsync(channel, key, Ops.SetData("customer.id", "C-1"));

        var stock = await Api.DirectivesAsync("stock.hold", channel);
        var fraud = await Api.DirectivesAsync("fraud.review", channel);

        Assert.Equal([1, 2], stock.Select(d => d["payload"]!.Get<int>("rev")));
        Assert.Equal([1, 2], fraud.Select(d => d["payload"]!.Get<int>("rev")));
        Assert.Empty(await Api.DirectivesAsync("fraud.hold", channel));
    }

    [Fact]
    public async Task Modify_QueuesNoCheckDirective_WhenChannelRequiresNoChecks()
    {
        var (channel, _, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        Assert.Empty(await Api.DirectivesAsync("stock.hold", channel));
    }

    [Fact]
    public async Task Modify_ClearsChecksAndIssuesButKeepsClientData_WhenSessionChanges()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1), Ops.SetData("customer.name", "Ana"));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["holds"] = new JsonArray() },
            issues: Kernel.Issue("low_stock", blocking: false)));
        var checkedSession = await SessionAsync(channel, key);
        Assert.NotNull(checkedSession["data"]!["checks"]!["stock"]);
        Assert.Single(checkedSession["data"]!.Array("issues"));

        var after = await ModifyOkAsync(channel, key, Ops.AddLine("B", 1));

        Assert.Null(after["data"]!["checks"]);
        Assert.Null(after["data"]!["issues"]);
        Assert.Equal("Ana", after["data"]!["customer"]!.Get<string>("name"));
        Assert.Null((await SessionAsync(channel, key))["data"]!["checks"]);
    }

    [Fact]
    public async Task Modify_SerializesConcurrentRequests_WithoutLosingAnyOp()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var client = App.Admin();
            return await client.ModifyAsync(channel, key, Ops.AddLine($"SKU-{i}", 1, 10));
        }));

        // No expected_rev was sent, so nothing is stale: the session lock queues the requests.
        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.OK, $"{(int)r.Status}: {r.Raw}"));
        var session = await SessionAsync(channel, key);
        Assert.Equal(6, session.Get<int>("rev"));
        Assert.Equal(6, session.Array("items").Count);
        Assert.Equal(60, session.Get<long>("total_q"));
        Assert.Equal(Enumerable.Range(1, 6), responses.Select(r => r.Json.Get<int>("rev")).Order());
    }
}

public sealed class SqliteSessionModifyTests(SqliteApp app) : SessionModifyTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionModifyTests(PostgresApp app) : SessionModifyTests(app), IClassFixture<PostgresApp>;
