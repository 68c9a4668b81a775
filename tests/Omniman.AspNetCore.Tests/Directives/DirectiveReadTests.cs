using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Directives;

/// <summary>The read side of directives: what modify and commit wrote, through GET /api/directives (docs/concepts.md, §6).</summary>
public abstract class DirectiveReadTests(OmnimanApp app)
{
    /// <summary>A channel whose stock check and post-commit topics are unique to the test, so lists filter to it alone.</summary>
    private static async Task<(string Channel, string HoldTopic, string CommitTopic, string CaptureTopic)> ChannelAsync(ApiClient admin)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var hold = $"stock.hold.{tag}";
        var commit = $"stock.commit.{tag}";
        var capture = $"payment.capture.{tag}";
        var channel = await admin.CreateChannelAsync("dir", new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock"),
            ["checks"] = new JsonObject { ["stock"] = new JsonObject { ["directive_topic"] = hold } },
            ["post_commit_directives"] = new JsonArray(commit, capture),
        });
        return (channel, hold, commit, capture);
    }

    private static async Task<JsonArray> ListAsync(ApiClient client, string query) =>
        (await client.GetAsync($"/api/directives?{query}&page_size=100")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray();

    [Fact]
    public async Task List_ShowsOneCheckDirectivePerModify()
    {
        using var admin = app.Admin();
        var (channel, hold, _, _) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-A", 2, 700))).Expect(HttpStatusCode.OK);
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-B", 1, 300))).Expect(HttpStatusCode.OK);

        var rows = await ListAsync(admin, $"topic={hold}");

        Assert.Equal(2, rows.Count);
        // Newest first: the rev-2 check, then the rev-1 check.
        Assert.Equal([2, 1], rows.Select(r => r!["payload"]!["rev"]!.GetValue<int>()));
        var latest = rows[0]!;
        Assert.Equal(hold, latest["topic"]!.GetValue<string>());
        Assert.Equal("queued", latest["status"]!.GetValue<string>());
        Assert.Equal(0, latest["attempts"]!.GetValue<int>());
        Assert.Null(latest["last_error"]);
        Assert.Null(latest["started_at"]);
        Assert.NotNull(latest["available_at"]);
        Assert.NotNull(latest["created_at"]);
        Assert.NotNull(latest["updated_at"]);
        var payload = latest["payload"]!;
        Assert.Equal(key, payload["session_key"]!.GetValue<string>());
        Assert.Equal(channel, payload["channel_code"]!.GetValue<string>());
        Assert.Equal(["SKU-A", "SKU-B"], payload["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
        Assert.Single(rows[1]!["payload"]!["items"]!.AsArray());
    }

    [Fact]
    public async Task List_ShowsPostCommitDirectives_AfterCommit()
    {
        using var admin = app.Admin();
        var (channel, hold, commitTopic, captureTopic) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-A", 1, 700))).Expect(HttpStatusCode.OK);
        var holds = new JsonArray(new JsonObject { ["hold_id"] = "H-1", ["sku"] = "SKU-A", ["qty"] = 1 });
        Assert.True(await app.WriteCheckAsync(channel, key, 1, "stock", new JsonObject { ["holds"] = holds }));
        Assert.Empty(await ListAsync(admin, $"topic={commitTopic}"));

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();

        foreach (var topic in new[] { commitTopic, captureTopic })
        {
            var row = Assert.Single(await ListAsync(admin, $"topic={topic}"))!;
            Assert.Equal("queued", row["status"]!.GetValue<string>());
            var payload = row["payload"]!;
            Assert.Equal(orderRef, payload["order_ref"]!.GetValue<string>());
            Assert.Equal(channel, payload["channel_code"]!.GetValue<string>());
            Assert.Equal(key, payload["session_key"]!.GetValue<string>());
            // The results of the checks the commit relied on, as their modules wrote them.
            var passed = payload["checks"]?["stock"]?["holds"];
            Assert.True(JsonNode.DeepEquals(holds, passed), $"holds: {passed?.ToJsonString()}");
        }
        // Commit asks for no new check.
        Assert.Single(await ListAsync(admin, $"topic={hold}"));
    }

    [Fact]
    public async Task List_PassesTheCheckResultAsWritten_WhenItReportedNoHolds()
    {
        using var admin = app.Admin();
        var (channel, _, commitTopic, _) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-A", 1, 700))).Expect(HttpStatusCode.OK);
        Assert.True(await app.WriteCheckAsync(channel, key, 1));
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);

        var row = Assert.Single(await ListAsync(admin, $"topic={commitTopic}"))!;

        Assert.Null(row["payload"]!["holds"]);
        Assert.Equal("{}", row["payload"]!["checks"]!["stock"]!.ToJsonString());
    }

    [Fact]
    public async Task List_WritesNothing_WhenModifyFails()
    {
        using var admin = app.Admin();
        var (channel, hold, _, _) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        var bad = await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-A", 1, 700), Scenario.AddLine("SKU-B", 0, 100));

        bad.Expect(HttpStatusCode.BadRequest);
        Assert.Empty(await ListAsync(admin, $"topic={hold}"));
    }

    [Fact]
    public async Task List_FiltersByStatus()
    {
        using var admin = app.Admin();
        var (channel, hold, _, _) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        for (var i = 0; i < 3; i++) (await admin.ModifyAsync(channel, key, Scenario.AddLine($"S{i}", 1, 100))).Expect(HttpStatusCode.OK);
        var ids = (await ListAsync(admin, $"topic={hold}")).Select(r => r!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(3, ids.Count);
        var failedId = ids[1];
        await app.InScopeAsync(async sp => await sp.GetRequiredService<OmnimanDb>().Directives.Where(d => d.Id == failedId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, "failed").SetProperty(d => d.LastError, "boom")));

        var failed = await ListAsync(admin, $"topic={hold}&status=failed");
        var queued = await ListAsync(admin, $"topic={hold}&status=queued");

        Assert.Equal(failedId, Assert.Single(failed)!["id"]!.GetValue<long>());
        Assert.Equal("boom", failed[0]!["last_error"]!.GetValue<string>());
        Assert.Equal([ids[0], ids[2]], queued.Select(r => r!["id"]!.GetValue<long>()));
        Assert.Empty(await ListAsync(admin, $"topic={hold}&status=done"));
        Assert.Contains(await ListAsync(admin, "status=failed"), r => r!["id"]!.GetValue<long>() == failedId);
    }

    [Fact]
    public async Task Get_ReturnsOneDirective_ById()
    {
        using var admin = app.Admin();
        var (channel, hold, _, _) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-A", 1, 700))).Expect(HttpStatusCode.OK);
        var listed = Assert.Single(await ListAsync(admin, $"topic={hold}"))!;

        var one = (await admin.GetAsync($"/api/directives/{listed["id"]}")).Expect(HttpStatusCode.OK).Json;

        Assert.True(JsonNode.DeepEquals(listed, one), $"list {listed.ToJsonString()} vs get {one.ToJsonString()}");
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("not-a-number")]
    public async Task Get_Returns404NotFound_WhenIdIsUnknown(string id)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync($"/api/directives/{id}");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Fact]
    public async Task List_Paginates()
    {
        using var admin = app.Admin();
        var (channel, hold, _, _) = await ChannelAsync(admin);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        for (var i = 0; i < 27; i++) (await admin.ModifyAsync(channel, key, Scenario.AddLine($"S{i}", 1, 100))).Expect(HttpStatusCode.OK);

        var first = (await admin.GetAsync($"/api/directives?topic={hold}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(25, first["results"]!.AsArray().Count);
        Assert.Null(first["previous"]);
        var second = (await admin.GetAsync(first["next"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2, second["results"]!.AsArray().Count);
        Assert.Null(second["next"]);

        var all = await admin.AllPagesAsync($"/api/directives?topic={hold}&page_size=4");
        var revs = all.Select(r => r["payload"]!["rev"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(1, 27).Reverse(), revs);
        var back = (await admin.GetAsync(second["previous"]!.GetValue<string>())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(first["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()),
            back["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task List_Returns403_WhenKeyIsNotAdmin()
    {
        using var client = app.Client(await app.CreateKeyAsync("pos", ["sessions:read", "sessions:write", "orders:read", "orders:write"]));

        var list = await client.GetAsync("/api/directives");
        var one = await client.GetAsync("/api/directives/1");

        list.Expect(HttpStatusCode.Forbidden);
        one.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", list.ErrorCode);
    }
}

public sealed class SqliteDirectiveReadTests(SqliteApp app) : DirectiveReadTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresDirectiveReadTests(PostgresApp app) : DirectiveReadTests(app), IClassFixture<PostgresApp>;
