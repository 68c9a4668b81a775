using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>Check write-back through the kernel, issues, and resolving them (docs/concepts.md Checks and issues, Resolve).</summary>
public abstract partial class SessionCheckTests(OmnimanApp app) : SessionTestBase(app)
{
    private const string StockChannel = """{"required_checks_on_commit":["stock"]}""";

    [GeneratedRegex("^ISS-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]+$")]
    private static partial Regex IssueId();

    [GeneratedRegex("^ACT-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]+$")]
    private static partial Regex ActionId();

    // ---- write-back ----

    [Fact]
    public async Task WriteCheck_StoresCheckWithoutMovingRev_WhenWrittenAtCurrentRev()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var result = new JsonObject { ["holds"] = new JsonArray(new JsonObject { ["hold_id"] = "H-1", ["sku"] = "A" }) };

        Assert.True(await App.WriteCheckAsync(channel, key, 1, result));

        var response = (await GetSessionAsync(channel, key)).Expect(HttpStatusCode.OK);
        var check = response.Json["data"]!["checks"]!["stock"]!;
        Assert.Equal(1, check.Get<int>("rev"));
        Assert.Equal("ok", check.Get<string>("status"));
        Assert.True(JsonNode.DeepEquals(result, check["result"]), check.ToJsonString());
        AssertCloseTo(App.Clock.GetUtcNow(), Utc(check, "at"));
        Assert.Equal(1, response.Json.Get<int>("rev"));
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task WriteCheck_ReplacesEarlierOutcome_WhenSameCheckWrittenAgainAtSameRev()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["n"] = 1 }, status: "ok"));

        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["n"] = 2 }, status: "failed"));

        var check = (await SessionAsync(channel, key))["data"]!["checks"]!["stock"]!;
        Assert.Equal("failed", check.Get<string>("status"));
        Assert.Equal(2, check["result"]!.Get<int>("n"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(3)]
    public async Task WriteCheck_IsRefusedAndChangesNothing_WhenRevIsNotCurrent(int checkRev)
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        await ModifyOkAsync(channel, key, Ops.AddLine("B", 1));
        var before = await SessionAsync(channel, key);
        App.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await App.WriteCheckAsync(channel, key, checkRev, new JsonObject { ["holds"] = new JsonArray() },
            issues: Kernel.Issue("out_of_stock", blocking: true)));

        var after = await SessionAsync(channel, key);
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
        Assert.Null(after["data"]!["checks"]);
    }

    [Fact]
    public async Task WriteCheck_IsRefusedAndChangesNothing_WhenSessionCommitted()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        var before = await SessionAsync(channel, key);

        Assert.False(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["late"] = true }, issues: Kernel.Issue("late", true)));

        var after = await SessionAsync(channel, key);
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
        Assert.Equal("committed", after.Get<string>("state"));
    }

    [Fact]
    public async Task WriteCheck_IsRefused_WhenSessionAbandoned()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        (await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);

        Assert.False(await App.WriteCheckAsync(channel, key, 1, new JsonObject()));

        Assert.Null((await SessionAsync(channel, key))["data"]!["checks"]);
    }

    [Fact]
    public async Task WriteCheck_ReplacesIssuesOfSameSourceAndKeepsOthers_WhenSourceWritesAgain()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: [Kernel.Issue("stock_first", true), Kernel.Issue("stock_second", false)]));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, code: "fraud", issues: Kernel.Issue("fraud_review", false)));

        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: Kernel.Issue("stock_third", false)));

        var data = (await SessionAsync(channel, key))["data"]!;
        var issues = data.Array("issues");
        Assert.Equal(["fraud_review", "stock_third"], issues.Select(i => i.Get<string>("code")).Order());
        Assert.Equal("fraud", Assert.Single(issues, i => i.Get<string>("code") == "fraud_review").Get<string>("source"));
        Assert.Equal("stock", Assert.Single(issues, i => i.Get<string>("code") == "stock_third").Get<string>("source"));
        Assert.NotNull(data["checks"]!["stock"]);
        Assert.NotNull(data["checks"]!["fraud"]);
    }

    [Fact]
    public async Task WriteCheck_StampsIssueAndActionIds_WithTheSpecShape()
    {
        var (channel, key, session) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 5));
        var ops = new JsonArray(Ops.SetQty(LineId(session, 0), 2));

        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: [
            Kernel.Issue("insufficient_stock", true, ("Set quantity to 2", ops), ("Remove line", new JsonArray(Ops.RemoveLine(LineId(session, 0))))),
            Kernel.Issue("low_stock", false, ("Ok", new JsonArray(Ops.SetData("ack", true))))]));

        var issues = (await SessionAsync(channel, key))["data"]!.Array("issues");
        Assert.Equal(2, issues.Count);
        Assert.All(issues, i => Assert.Matches(IssueId(), i.Get<string>("id")));
        Assert.Equal(2, issues.Select(i => i.Get<string>("id")).Distinct().Count());
        var issue = Assert.Single(issues, i => i.Get<string>("code") == "insufficient_stock");
        Assert.Equal("stock", issue.Get<string>("source"));
        Assert.Equal("insufficient_stock message", issue.Get<string>("message"));
        Assert.True(issue.Get<bool>("blocking"));
        Assert.Equal("insufficient_stock", issue["context"]!.Get<string>("why"));
        var actions = issue.Array("actions");
        Assert.Equal(["Set quantity to 2", "Remove line"], actions.Select(a => a.Get<string>("label")));
        Assert.All(actions, a => Assert.Matches(ActionId(), a.Get<string>("id")));
        Assert.NotEqual(actions[0].Get<string>("id"), actions[1].Get<string>("id"));
        Assert.True(JsonNode.DeepEquals(ops, actions[0]["ops"]), actions[0].ToJsonString());
        Assert.False(Assert.Single(issues, i => i.Get<string>("code") == "low_stock").Get<bool>("blocking"));
    }

    [Fact]
    public async Task WriteCheck_NeverLandsOnANewerRev_WhenItRacesAModify()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));

        for (var round = 1; round <= 8; round++)
        {
            var rev = round;
            var write = Task.Run(() => App.WriteCheckAsync(channel, key, rev, new JsonObject { ["round"] = rev }));
            var modify = Task.Run(() => Api.ModifyAsync(channel, key, Ops.SetData("round", rev)));
            await Task.WhenAll(write, modify);

            (await modify).Expect(HttpStatusCode.OK);
            var session = await SessionAsync(channel, key);
            Assert.Equal(rev + 1, session.Get<int>("rev"));
            // Whichever ran first, the check is gone: refused at the new rev, or cleared by the modify.
            Assert.Null(session["data"]!["checks"]);
        }
    }

    // ---- resolve ----

    [Fact]
    public async Task Resolve_AppliesActionOpsThroughModifyPipeline_WhenIssueAndActionExist()
    {
        var (channel, key, issue, line) = await SessionWithShortStockAsync();
        var action = issue.Array("actions")[0];

        var response = await Api.PostAsync($"/api/sessions/{key}/resolve", new JsonObject
        {
            ["channel_code"] = channel, ["issue_id"] = issue.Get<string>("id"), ["action_id"] = action.Get<string>("id"),
        });

        var session = response.Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2, session.Get<int>("rev"));
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        var item = Assert.Single(session.Array("items"));
        Assert.Equal(line, item.Get<string>("line_id"));
        Assert.Equal(2m, item.Get<decimal>("qty"));
        Assert.Equal(200, session.Get<long>("total_q"));
        Assert.Null(session["data"]!["issues"]);
        Assert.Null(session["data"]!["checks"]);
        var holds = await Api.DirectivesAsync("stock.hold", channel);
        Assert.Equal([1, 2], holds.Select(d => d["payload"]!.Get<int>("rev")));
        Assert.Equal(2m, holds[1]["payload"]!.Array("items")[0].Get<decimal>("qty"));
    }

    [Fact]
    public async Task Resolve_RunsSecondAction_WhenItIsTheOneChosen()
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();

        var session = (await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[1].Get<string>("id")))
            .Expect(HttpStatusCode.OK).Json;

        Assert.Empty(session.Array("items"));
        Assert.Equal(0, session.Get<long>("total_q"));
    }

    [Fact]
    public async Task Resolve_Applies_WhenExpectedRevIsCurrent()
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[0].Get<string>("id"), expectedRev: 1);

        Assert.Equal(2, response.Expect(HttpStatusCode.OK).Json.Get<int>("rev"));
    }

    [Fact]
    public async Task Resolve_Returns409StaleAction_WhenExpectedRevIsBehind()
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[0].Get<string>("id"), expectedRev: 0);

        AssertError(response, HttpStatusCode.Conflict, "stale_action");
        var session = await SessionAsync(channel, key);
        Assert.Equal(1, session.Get<int>("rev"));
        Assert.Equal(5m, session.Array("items")[0].Get<decimal>("qty"));
        Assert.Single(session["data"]!.Array("issues"));
    }

    [Fact]
    public async Task Resolve_ReturnsIssueNotFound_WhenIssueIdUnknown()
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();

        var response = await ResolveAsync(channel, key, "ISS-NOTHERE", issue.Array("actions")[0].Get<string>("id"));

        Assert.Equal("issue_not_found", response.ErrorCode);
        Assert.Contains(response.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
        Assert.Equal(1, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Resolve_ReturnsIssueNotFound_WhenIssueWasClearedByALaterModify()
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();
        await ModifyOkAsync(channel, key, Ops.SetData("note", "changed"));

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[0].Get<string>("id"));

        Assert.True(response.ErrorCode is "issue_not_found" or "stale_action", response.Raw);
        var session = await SessionAsync(channel, key);
        Assert.Equal(2, session.Get<int>("rev"));
        Assert.Equal(5m, session.Array("items")[0].Get<decimal>("qty"));
    }

    [Fact]
    public async Task Resolve_ReturnsActionNotFound_WhenActionIdUnknown()
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), "ACT-NOTHERE");

        Assert.Equal("action_not_found", response.ErrorCode);
        Assert.Contains(response.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
        Assert.Equal(1, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Resolve_ReturnsNoResolver_WhenActionCarriesNoOps()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: Kernel.Issue("call_manager", true, ("Call the manager", new JsonArray()))));
        var issue = (await SessionAsync(channel, key))["data"]!.Array("issues")[0];

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[0].Get<string>("id"));

        Assert.Equal("no_resolver", response.ErrorCode);
        Assert.Equal(1, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Resolve_ChangesNothing_WhenActionOpsFail()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 5, 100));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: Kernel.Issue("broken", true,
            ("Broken fix", new JsonArray(Ops.SetData("fixed", true), Ops.SetQty("L-GONE", 1))))));
        var before = await SessionAsync(channel, key);
        var issue = before["data"]!.Array("issues")[0];

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[0].Get<string>("id"));

        AssertError(response, HttpStatusCode.BadRequest, "unknown_line_id");
        var after = await SessionAsync(channel, key);
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
        Assert.Single(await Api.DirectivesAsync("stock.hold", channel));
    }

    [Fact]
    public async Task Resolve_Returns409AlreadyCommitted_WhenSessionWasCommittedWithTheIssue()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: Kernel.Issue("low_stock", false, ("Ack", new JsonArray(Ops.SetData("ack", true))))));
        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        var issue = (await SessionAsync(channel, key))["data"]!.Array("issues")[0];

        var response = await ResolveAsync(channel, key, issue.Get<string>("id"), issue.Array("actions")[0].Get<string>("id"));

        AssertError(response, HttpStatusCode.Conflict, "already_committed");
        Assert.Null((await SessionAsync(channel, key))["data"]!["ack"]);
    }

    [Theory]
    [InlineData("issue_id")]
    [InlineData("action_id")]
    public async Task Resolve_Returns400MissingField_WhenIdMissing(string missing)
    {
        var (channel, key, issue, _) = await SessionWithShortStockAsync();
        var body = new JsonObject
        {
            ["channel_code"] = channel, ["issue_id"] = issue.Get<string>("id"), ["action_id"] = issue.Array("actions")[0].Get<string>("id"),
        };
        body.Remove(missing);

        var response = await Api.PostAsync($"/api/sessions/{key}/resolve", body);

        AssertError(response, HttpStatusCode.BadRequest, "missing_field");
        Assert.Equal(missing, response.Json["error"]!["context"]!.Get<string>("field"));
    }

    /// <summary>A stock channel, a line of 5 × 100, and a stock check at rev 1 with a blocking issue whose actions set qty 2 or remove the line.</summary>
    private async Task<(string Channel, string Key, JsonNode Issue, string LineId)> SessionWithShortStockAsync()
    {
        var (channel, key, session) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 5, 100));
        var line = LineId(session, 0);
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["holds"] = new JsonArray() }, status: "issues",
            issues: Kernel.Issue("insufficient_stock", true,
                ("Set quantity to 2", new JsonArray(Ops.SetQty(line, 2))),
                ("Remove line", new JsonArray(Ops.RemoveLine(line))))));
        var issue = (await SessionAsync(channel, key))["data"]!.Array("issues")[0];
        return (channel, key, issue, line);
    }

    private Task<ApiResponse> ResolveAsync(string channel, string key, string issueId, string actionId, int? expectedRev = null)
    {
        var body = new JsonObject { ["channel_code"] = channel, ["issue_id"] = issueId, ["action_id"] = actionId };
        if (expectedRev is { } rev) body["expected_rev"] = rev;
        return Api.PostAsync($"/api/sessions/{key}/resolve", body);
    }
}

public sealed class SqliteSessionCheckTests(SqliteApp app) : SessionCheckTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionCheckTests(PostgresApp app) : SessionCheckTests(app), IClassFixture<PostgresApp>;
