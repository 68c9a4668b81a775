using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>Commit (docs/concepts.md): its guards, the order it creates, idempotency, and the directives it queues.</summary>
public abstract class SessionCommitTests(OmnimanApp app) : SessionTestBase(app)
{
    private const string StockChannel = """{"required_checks_on_commit":["stock"]}""";

    // ---- the happy path ----

    [Fact]
    public async Task Commit_Returns201WithOrderSummary_WhenSessionHasItems()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1.5m, 333), Ops.AddLine("B", 2, 1000));

        var response = await Api.CommitAsync(channel, key);

        var body = response.Expect(HttpStatusCode.Created).Json.AsObject();
        Assert.Equal(["items_count", "order_id", "order_ref", "order_status", "status", "total_q"], body.Select(p => p.Key).Order());
        Assert.Equal("committed", body.Get<string>("status"));
        Assert.Equal(2500, body.Get<long>("total_q"));
        Assert.Equal(session.Get<long>("total_q"), body.Get<long>("total_q"));
        Assert.Equal(2, body.Get<int>("items_count"));
        var date = App.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.Matches($"^ORD-{date}-[A-Z0-9]{{6}}$", body.Get<string>("order_ref"));
        var order = (await Api.GetAsync($"/api/orders/{body.Get<string>("order_ref")}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(body.Get<long>("order_id"), order.Get<long>("id"));
        Assert.Equal(2500, order.Get<long>("total_q"));
        Assert.Equal(key, order.Get<string>("session_key"));
    }

    [Fact]
    public async Task Commit_MarksSessionCommitted_WithCommittedAt()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);

        var session = await SessionAsync(channel, key);
        Assert.Equal("committed", session.Get<string>("state"));
        AssertCloseTo(App.Clock.GetUtcNow(), Utc(session, "committed_at"));
        Assert.Null(session["abandoned_at"]);
    }

    [Fact]
    public async Task Commit_CopiesItemsExactlyIntoOrder_WhenQtyIsDecimal()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("RICE", 1.5m, 333, "Rice", new JsonObject { ["bag"] = "paper" }));

        var orderRef = (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");

        var item = Assert.Single((await Api.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json.Array("items"));
        Assert.Equal(LineId(session, 0), item.Get<string>("line_id"));
        Assert.Equal("RICE", item.Get<string>("sku"));
        Assert.Equal("Rice", item.Get<string>("name"));
        Assert.Equal(1.5m, item.Get<decimal>("qty"));
        Assert.Equal(333, item.Get<long>("unit_price_q"));
        Assert.Equal(500, item.Get<long>("line_total_q"));
        Assert.Equal("paper", item["meta"]!.Get<string>("bag"));
    }

    [Fact]
    public async Task Commit_StoresSnapshotOfTheSession_WithVersionAndPolicies()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 2, 150), Ops.SetData("customer.name", "Ana"));
        var session = await ModifyOkAsync(channel, key, Ops.AddLine("B", 1, 50));

        var orderRef = (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");

        var snapshot = (await Api.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["snapshot"]!;
        Assert.Equal(1, snapshot.Get<int>("_v"));
        Assert.Equal(2, snapshot.Get<int>("rev"));
        Assert.Equal(channel, snapshot.Get<string>("channel_code"));
        Assert.Equal("internal", snapshot.Get<string>("pricing_policy"));
        Assert.True(JsonNode.DeepEquals(session["items"], snapshot["items"]), snapshot["items"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(session["data"], snapshot["data"]), snapshot["data"]!.ToJsonString());
        Assert.Equal(350, snapshot["pricing"]!.Get<long>("total_q"));
    }

    [Fact]
    public async Task Commit_QueuesPostCommitDirectives_WithOrderRefChannelAndSessionKey()
    {
        var (channel, key, _) = await SessionWithAsync("""{"post_commit_directives":["stock.commit","payment.capture"]}""", Ops.AddLine("A", 1));

        var orderRef = (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");

        foreach (var topic in new[] { "stock.commit", "payment.capture" })
        {
            var directive = Assert.Single(await Api.DirectivesAsync(topic, channel));
            var payload = directive["payload"]!;
            Assert.Equal(orderRef, payload.Get<string>("order_ref"));
            Assert.Equal(channel, payload.Get<string>("channel_code"));
            Assert.Equal(key, payload.Get<string>("session_key"));
            Assert.Equal("queued", directive.Get<string>("status"));
        }
    }

    [Fact]
    public async Task Commit_PassesTheStockCheckHoldsToPostCommitDirectives_WhenCheckReportedHolds()
    {
        var (channel, key, _) = await SessionWithAsync(
            """{"required_checks_on_commit":["stock"],"post_commit_directives":["stock.commit"]}""", Ops.AddLine("A", 1));
        var holds = new JsonArray(new JsonObject
        {
            ["hold_id"] = "H-1", ["sku"] = "A", ["qty"] = 1, ["expires_at"] = App.Clock.GetUtcNow().AddMinutes(15).UtcDateTime,
        });
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["holds"] = holds }));

        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);

        var payload = Assert.Single(await Api.DirectivesAsync("stock.commit", channel))["payload"]!;
        Assert.Equal("H-1", payload["checks"]!["stock"]!.Array("holds")[0].Get<string>("hold_id"));
    }

    [Fact]
    public async Task Commit_QueuesNoPostCommitDirective_WhenCommitFails()
    {
        var (channel, key, _) = await SessionWithAsync("""{"post_commit_directives":["stock.commit"]}""");

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "empty_session");

        Assert.Empty(await Api.DirectivesAsync("stock.commit", channel));
    }

    // ---- guards ----

    [Fact]
    public async Task Commit_Returns409EmptySession_WhenSessionHasNoItems()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "empty_session");

        Assert.Equal("open", (await SessionAsync(channel, key)).Get<string>("state"));
        Assert.Empty(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_Returns409EmptySession_WhenAllLinesWereRemoved()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        await ModifyOkAsync(channel, key, Ops.RemoveLine(LineId(session, 0)));

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "empty_session");
    }

    [Fact]
    public async Task Commit_Returns409MissingCheck_WhenRequiredCheckHasNotRun()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));

        var response = await Api.CommitAsync(channel, key);

        AssertError(response, HttpStatusCode.Conflict, "missing_check");
        Assert.Equal("stock", response.Json["error"]!["context"]!.Get<string>("check_code"));
        Assert.Equal("open", (await SessionAsync(channel, key)).Get<string>("state"));
    }

    [Fact]
    public async Task Commit_Returns409MissingCheck_WhenAModifyClearedTheCheck()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["holds"] = new JsonArray() }));
        await ModifyOkAsync(channel, key, Ops.AddLine("B", 1));

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "missing_check");
    }

    [Fact]
    public async Task Commit_Returns409StaleCheck_WhenCheckRanForAnOlderRev()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["holds"] = new JsonArray() }));
        // Modify always clears data.checks, so a check left at an older rev (a row written before
        // that rule, or by another writer) is set up directly: the rev moves, the check stays.
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE sessions SET rev = rev + 1 WHERE channel_code = {channel} AND session_key = {key}"));

        var response = await Api.CommitAsync(channel, key);

        AssertError(response, HttpStatusCode.Conflict, "stale_check");
        Assert.Equal("stock", response.Json["error"]!["context"]!.Get<string>("check_code"));
        Assert.Equal("open", (await SessionAsync(channel, key)).Get<string>("state"));
    }

    [Fact]
    public async Task Commit_Succeeds_WhenRequiredCheckIsFreshAndClean()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, Kernel.StockCheckUntil(1, App.Clock.GetUtcNow().AddMinutes(15))));

        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("\"ok\"")]
    [InlineData("42")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("{\"holds\": [\"H-1\", 7, null]}")]
    [InlineData("{\"holds\": \"H-1\"}")]
    public async Task Commit_Succeeds_WhenTheCheckResultHasAShapeWithoutExpiries(string resultJson)
    {
        var (channel, key, _) = await SessionWithAsync(
            """{"required_checks_on_commit":["stock"],"post_commit_directives":["stock.commit"]}""", Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, JsonNode.Parse(resultJson)));

        var response = await Api.CommitAsync(channel, key);

        Assert.True(response.Status == HttpStatusCode.Created, $"{(int)response.Status}: {response.Raw}");
        Assert.Single(await Api.DirectivesAsync("stock.commit", channel));
    }

    [Fact]
    public async Task Commit_Returns409BlockingIssuesListingThem_WhenACheckRaisedABlockingIssue()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 5));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, status: "issues",
            issues: [Kernel.Issue("out_of_stock", true), Kernel.Issue("low_stock", false)]));
        var blocking = (await SessionAsync(channel, key))["data"]!.Array("issues").Single(i => i.Get<bool>("blocking"));

        var response = await Api.CommitAsync(channel, key);

        AssertError(response, HttpStatusCode.Conflict, "blocking_issues");
        var listed = Assert.Single(response.Json["error"]!["context"]!.Array("issues"));
        Assert.Equal(blocking.Get<string>("id"), listed.Get<string>("id"));
        Assert.Equal("out_of_stock", listed.Get<string>("code"));
        Assert.Equal("open", (await SessionAsync(channel, key)).Get<string>("state"));
    }

    [Fact]
    public async Task Commit_Succeeds_WhenIssuesAreNotBlocking()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 5));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, issues: Kernel.Issue("low_stock", false)));

        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Commit_Returns409HoldExpiredAndQueuesAFreshCheck_WhenHoldExpiresAtIsPast()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, Kernel.StockCheckUntil(1, App.Clock.GetUtcNow().AddMinutes(15))));
        var queuedBefore = (await Api.DirectivesAsync("stock.hold", channel)).Count;
        App.Clock.Advance(TimeSpan.FromMinutes(16));

        var response = await Api.CommitAsync(channel, key);

        AssertError(response, HttpStatusCode.Conflict, "hold_expired");
        var holds = await Api.DirectivesAsync("stock.hold", channel);
        Assert.Equal(queuedBefore + 1, holds.Count);
        var fresh = holds[^1];
        Assert.Equal("queued", fresh.Get<string>("status"));
        Assert.Equal(key, fresh["payload"]!.Get<string>("session_key"));
        Assert.Equal(1, fresh["payload"]!.Get<int>("rev"));
        Assert.Single(fresh["payload"]!.Array("items"));
        var session = await SessionAsync(channel, key);
        Assert.Equal("open", session.Get<string>("state"));
        Assert.Equal(1, session.Get<int>("rev"));
        Assert.Empty(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    /// <summary>The kernel reads a check's expiry from the outcome, not from its module's own document (issue #14).</summary>
    [Fact]
    public async Task Commit_Succeeds_WhenOnlyTheResultDocumentNamesAPastTime()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["hold_expires_at"] = App.Clock.GetUtcNow().AddMinutes(-5).UtcDateTime }));

        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Commit_SucceedsWithSameKey_AfterHoldExpiredAndTheFreshCheckLanded()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, Kernel.StockCheckUntil(1, App.Clock.GetUtcNow().AddMinutes(1))));
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        AssertError(await Api.CommitAsync(channel, key, "retry-after-expiry"), HttpStatusCode.Conflict, "hold_expired");
        Assert.True(await App.WriteCheckAsync(channel, key, Kernel.StockCheckUntil(1, App.Clock.GetUtcNow().AddMinutes(15))));

        (await Api.CommitAsync(channel, key, "retry-after-expiry")).Expect(HttpStatusCode.Created);

        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_Returns409AlreadyAbandoned_WhenSessionAbandoned()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "already_abandoned");
        Assert.Empty(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_Returns404NotFound_WhenSessionUnknown()
    {
        var channel = await NewChannelAsync();

        AssertError(await Api.CommitAsync(channel, "SESS-NOPE"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Commit_ReportsMissingCheckBeforeEmptySession_InTheSpecOrder()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel);

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "missing_check");
    }

    [Fact]
    public async Task Commit_ReportsHoldExpiredBeforeBlockingIssues_InTheSpecOrder()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, Kernel.StockCheckUntil(1, App.Clock.GetUtcNow().AddMinutes(1), Kernel.Issue("out_of_stock", true))));
        App.Clock.Advance(TimeSpan.FromMinutes(2));

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "hold_expired");
    }

    // ---- idempotency ----

    [Fact]
    public async Task Commit_ReplaysStoredResponseWith200AndNoSecondOrder_WhenSameKeySentAgain()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 3, 700));

        var first = (await Api.CommitAsync(channel, key, "idem-same")).Expect(HttpStatusCode.Created);
        var second = (await Api.CommitAsync(channel, key, "idem-same")).Expect(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(first.Json, second.Json), $"{first.Raw} vs {second.Raw}");
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_AcceptsKeyInBodyOrHeader_AsTheSameKey()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var first = (await Api.PostAsync($"/api/sessions/{key}/commit",
            new JsonObject { ["channel_code"] = channel, ["idempotency_key"] = "idem-body" })).Expect(HttpStatusCode.Created);
        var byBody = (await Api.PostAsync($"/api/sessions/{key}/commit",
            new JsonObject { ["channel_code"] = channel, ["idempotency_key"] = "idem-body" })).Expect(HttpStatusCode.OK);
        var byHeader = (await Api.CommitAsync(channel, key, "idem-body")).Expect(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(first.Json, byBody.Json), byBody.Raw);
        Assert.True(JsonNode.DeepEquals(first.Json, byHeader.Json), byHeader.Raw);
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_ReplaysHeaderKey_WhenSentAgainInTheBody()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var first = (await Api.CommitAsync(channel, key, "idem-header")).Expect(HttpStatusCode.Created);
        var again = (await Api.PostAsync($"/api/sessions/{key}/commit",
            new JsonObject { ["channel_code"] = channel, ["idempotency_key"] = "idem-header" })).Expect(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(first.Json, again.Json), again.Raw);
    }

    [Fact]
    public async Task Commit_Returns422IdempotencyKeyReused_WhenKeyWasUsedForAnotherSession()
    {
        var channel = await NewChannelAsync();
        var first = await OpenAsync(channel);
        var second = await OpenAsync(channel);
        await ModifyOkAsync(channel, first, Ops.AddLine("A", 1));
        await ModifyOkAsync(channel, second, Ops.AddLine("B", 1));
        (await Api.CommitAsync(channel, first, "idem-shared")).Expect(HttpStatusCode.Created);

        var response = await Api.CommitAsync(channel, second, "idem-shared");

        AssertError(response, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal("open", (await SessionAsync(channel, second)).Get<string>("state"));
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_MakesAFreshAttempt_WhenEarlierAttemptWithSameKeyFailed()
    {
        var (channel, key, _) = await SessionWithAsync(null);
        AssertError(await Api.CommitAsync(channel, key, "idem-retry"), HttpStatusCode.Conflict, "empty_session");
        await ModifyOkAsync(channel, key, Ops.AddLine("A", 2, 400));

        var retry = await Api.CommitAsync(channel, key, "idem-retry");

        Assert.Equal(800, retry.Expect(HttpStatusCode.Created).Json.Get<long>("total_q"));
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
        Assert.Equal(HttpStatusCode.OK, (await Api.CommitAsync(channel, key, "idem-retry")).Status);
    }

    [Fact]
    public async Task Commit_Returns409AlreadyCommitted_WhenCommittedSessionIsCommittedWithANewKey()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.CommitAsync(channel, key, "idem-one")).Expect(HttpStatusCode.Created);

        AssertError(await Api.CommitAsync(channel, key, "idem-two"), HttpStatusCode.Conflict, "already_committed");
        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "already_committed");
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_YieldsOneOrder_WhenManyCommitsWithDifferentKeysRace()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var client = App.Admin();
            return await client.CommitAsync(channel, key, $"race-{i}");
        }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created),
            r => Assert.True(r.Status == HttpStatusCode.Conflict && r.ErrorCode == "already_committed", $"{(int)r.Status}: {r.Raw}"));
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_YieldsOneOrder_WhenManyCommitsWithTheSameKeyRace()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var client = App.Admin();
            return await client.CommitAsync(channel, key, "race-same");
        }));

        var created = Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => Assert.True(
            r.Status == HttpStatusCode.OK && JsonNode.DeepEquals(created.Json, r.Json)
            || r.Status == HttpStatusCode.Conflict && r.ErrorCode == "in_progress", $"{(int)r.Status}: {r.Raw}"));
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_TreatsBlankIdempotencyKeyAsAbsent_WhenTwoSessionsSendOne()
    {
        var channel = await NewChannelAsync();
        var first = await OpenAsync(channel);
        var second = await OpenAsync(channel);
        var third = await OpenAsync(channel);
        var fourth = await OpenAsync(channel);
        foreach (var key in new[] { first, second, third, fourth }) await ModifyOkAsync(channel, key, Ops.AddLine("A", 1));

        var byHeader = new[] { await Api.CommitAsync(channel, first, ""), await Api.CommitAsync(channel, second, "") };
        var byBody = new[]
        {
            await Api.PostAsync($"/api/sessions/{third}/commit", new JsonObject { ["channel_code"] = channel, ["idempotency_key"] = "" }),
            await Api.PostAsync($"/api/sessions/{fourth}/commit", new JsonObject { ["channel_code"] = channel, ["idempotency_key"] = "" }),
        };

        Assert.All(byHeader.Concat(byBody), r => Assert.True(r.Status == HttpStatusCode.Created, $"{(int)r.Status}: {r.Raw}"));
        Assert.Equal(4, (await Api.ListAllAsync($"/api/orders?channel_code={channel}")).Count);
    }

    [Fact]
    public async Task Commit_NeverFailsWithServerError_WhenIdempotencyKeyIsLong()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.CommitAsync(channel, key, new string('k', 300));

        Assert.True(response.Status is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        Assert.Equal(response.Status == HttpStatusCode.Created ? "committed" : "open", (await SessionAsync(channel, key)).Get<string>("state"));
    }

    [Fact]
    public async Task Commit_CommitsEveryLineModifyAccepted_WhenSkuAndNameAreLong()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var modify = await Api.ModifyAsync(channel, key, Ops.AddLine(new string('S', 100), 1, 100, new string('n', 300)));

        // Either the line is refused up front, or the session that holds it commits: never a session that cannot commit.
        if (modify.Status == HttpStatusCode.BadRequest) return;
        modify.Expect(HttpStatusCode.OK);
        var commit = await Api.CommitAsync(channel, key);
        Assert.True(commit.Status == HttpStatusCode.Created, $"{(int)commit.Status}: {commit.Raw}");
    }

    [Fact]
    public async Task Commit_CommitsTheSession_WhenExternalRefInDataIsLong()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var modify = await Api.ModifyAsync(channel, key, Ops.SetData("external_ref", new string('x', 200)));

        if (modify.Status == HttpStatusCode.BadRequest) return;
        modify.Expect(HttpStatusCode.OK);
        var commit = await Api.CommitAsync(channel, key);
        Assert.True(commit.Status == HttpStatusCode.Created, $"{(int)commit.Status}: {commit.Raw}");
    }

    [Fact]
    public async Task Commit_CopiesQtyExactlyIntoOrderItems_WhenQtyHasManyDecimals()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 0.1234567891m, 1));

        var orderRef = (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");

        var order = (await Api.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0.1234567891m, order["snapshot"]!.Array("items")[0].Get<decimal>("qty"));
        Assert.Equal(0.1234567891m, order.Array("items")[0].Get<decimal>("qty"));
    }

    [Fact]
    public async Task Commit_RequeuesTheCheckOnItsConfiguredTopic_WhenHoldExpired()
    {
        var (channel, key, _) = await SessionWithAsync(
            """{"required_checks_on_commit":["stock"],"checks":{"stock":{"directive_topic":"inventory.reserve","hold_ttl_minutes":0.05}}}""",
            Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, Kernel.StockCheckUntil(1, App.Clock.GetUtcNow().AddSeconds(3))));
        App.Clock.Advance(TimeSpan.FromSeconds(4));

        AssertError(await Api.CommitAsync(channel, key), HttpStatusCode.Conflict, "hold_expired");

        Assert.Equal([1, 1], (await Api.DirectivesAsync("inventory.reserve", channel)).Select(d => d["payload"]!.Get<int>("rev")));
        Assert.Empty(await Api.DirectivesAsync("stock.hold", channel));
    }

    [Fact]
    public async Task Commit_Returns409InProgress_WhileAnotherAttemptHoldsTheKey()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        await ClaimKeyAsync(channel, "idem-running", key);

        var response = await Api.CommitAsync(channel, key, "idem-running");

        AssertError(response, HttpStatusCode.Conflict, "in_progress");
        Assert.Equal("open", (await SessionAsync(channel, key)).Get<string>("state"));
    }

    [Fact]
    public async Task Commit_MakesAFreshAttempt_WhenAnAttemptWasAbandonedLongerThanTheLeaseAgo()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        await ClaimKeyAsync(channel, "idem-crashed", key);
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await Api.CommitAsync(channel, key, "idem-crashed");

        response.Expect(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await Api.CommitAsync(channel, key, "idem-crashed")).Status);
        Assert.Single(await Api.ListAllAsync($"/api/orders?channel_code={channel}"));
    }

    [Fact]
    public async Task Commit_ResolvesTheChannel_WhenNoBodyIsSentAndTheKeyIsUnique()
    {
        var (_, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{key}/commit"));

        response.Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Commit_SnapshotsTheFinalSession_WhenModifiesRaceTheCommit()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1, 10));

        var modifies = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            using var client = App.Admin();
            return await client.ModifyAsync(channel, key, Ops.AddLine($"B-{i}", 1, 10));
        })).ToList();
        var commit = Task.Run(async () =>
        {
            using var client = App.Admin();
            return await client.CommitAsync(channel, key);
        });
        await Task.WhenAll([.. modifies, commit]);

        var orderRef = (await commit).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
        Assert.All(await Task.WhenAll(modifies), r => Assert.True(
            r.Status == HttpStatusCode.OK || r.Status == HttpStatusCode.Conflict && r.ErrorCode == "already_committed", $"{(int)r.Status}: {r.Raw}"));
        var session = await SessionAsync(channel, key);
        var order = (await Api.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.True(JsonNode.DeepEquals(session["items"], order["snapshot"]!["items"]), order["snapshot"]!.ToJsonString());
        Assert.Equal(session.Get<int>("rev"), order["snapshot"]!.Get<int>("rev"));
        Assert.Equal(session.Get<long>("total_q"), order.Get<long>("total_q"));
        Assert.Equal(session.Array("items").Count, order.Array("items").Count);
    }

    [Fact]
    public async Task Commit_OrAbandonWins_WhenBothRaceForTheSameSession()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var commit = Task.Run(async () =>
        {
            using var client = App.Admin();
            return await client.CommitAsync(channel, key);
        });
        var abandon = Task.Run(async () =>
        {
            using var client = App.Admin();
            return await client.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel });
        });
        var (committed, abandoned) = (await commit, await abandon);

        var state = (await SessionAsync(channel, key)).Get<string>("state");
        var orders = await Api.ListAllAsync($"/api/orders?channel_code={channel}");
        if (state == "committed")
        {
            committed.Expect(HttpStatusCode.Created);
            AssertError(abandoned, HttpStatusCode.Conflict, "already_committed");
            Assert.Single(orders);
        }
        else
        {
            Assert.Equal("abandoned", state);
            abandoned.Expect(HttpStatusCode.OK);
            AssertError(committed, HttpStatusCode.Conflict, "already_abandoned");
            Assert.Empty(orders);
        }
    }

    /// <summary>Claims a key as a commit attempt does first, and leaves it claimed: an attempt still running, or one that crashed.</summary>
    private Task<Omniman.Idempotency.IdempotencyClaim> ClaimKeyAsync(string channel, string idempotencyKey, string sessionKey) =>
        App.InScopeAsync(async sp =>
        {
            var claim = await sp.GetRequiredService<Omniman.Idempotency.IdempotencyGuard>().ClaimAsync(channel, idempotencyKey, sessionKey, CancellationToken.None);
            Assert.NotNull(claim.Owned);
            return claim;
        });
}

public sealed class SqliteSessionCommitTests(SqliteApp app) : SessionCommitTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionCommitTests(PostgresApp app) : SessionCommitTests(app), IClassFixture<PostgresApp>;
