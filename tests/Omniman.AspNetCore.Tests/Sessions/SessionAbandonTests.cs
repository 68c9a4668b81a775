using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>Abandoning sessions (docs/concepts.md Abandon).</summary>
public abstract class SessionAbandonTests(OmnimanApp app) : SessionTestBase(app)
{
    [Fact]
    public async Task Abandon_MarksSessionAbandonedKeepingItsData_WhenOpen()
    {
        var (channel, key, before) = await SessionWithAsync(null, Ops.AddLine("A", 2, 300), Ops.SetData("customer.name", "Ana"));
        App.Clock.Advance(TimeSpan.FromMinutes(10));

        var response = await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel });

        var returned = response.Expect(HttpStatusCode.OK).Json;
        var session = await SessionAsync(channel, key);
        foreach (var s in new[] { returned, session })
        {
            Assert.Equal("abandoned", s.Get<string>("state"));
            AssertCloseTo(App.Clock.GetUtcNow(), Utc(s, "abandoned_at"));
            Assert.Null(s["committed_at"]);
            Assert.True(JsonNode.DeepEquals(before["data"], s["data"]), s["data"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(before["items"], s["items"]), s["items"]!.ToJsonString());
            Assert.Equal(600, s.Get<long>("total_q"));
        }
    }

    [Fact]
    public async Task Abandon_KeepsCheckResultsForAnalytics_WhenSessionWasChecked()
    {
        var (channel, key, _) = await SessionWithAsync("""{"required_checks_on_commit":["stock"]}""", Ops.AddLine("A", 1));
        Assert.True(await App.WriteCheckAsync(channel, key, 1, new JsonObject { ["holds"] = new JsonArray() }, issues: Kernel.Issue("low_stock", false)));

        (await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);

        var data = (await SessionAsync(channel, key))["data"]!;
        Assert.NotNull(data["checks"]!["stock"]);
        Assert.Single(data.Array("issues"));
    }

    [Fact]
    public async Task Abandon_AcceptsChannelCodeInQuery_WhenBodyIsEmpty()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{key}/abandon?channel_code={channel}"));

        Assert.Equal("abandoned", response.Expect(HttpStatusCode.OK).Json.Get<string>("state"));
    }

    [Fact]
    public async Task Abandon_Returns409AlreadyAbandoned_WhenAbandonedTwice()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);
        var first = Utc(await SessionAsync(channel, key), "abandoned_at");
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel });

        AssertError(again, HttpStatusCode.Conflict, "already_abandoned");
        Assert.Equal(first, Utc(await SessionAsync(channel, key), "abandoned_at"));
    }

    [Fact]
    public async Task Abandon_Returns409AlreadyCommitted_WhenSessionCommitted()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));
        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);

        AssertError(await Api.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel }),
            HttpStatusCode.Conflict, "already_committed");
        var session = await SessionAsync(channel, key);
        Assert.Equal("committed", session.Get<string>("state"));
        Assert.Null(session["abandoned_at"]);
    }

    [Fact]
    public async Task Abandon_Returns404NotFound_WhenSessionUnknown()
    {
        var channel = await NewChannelAsync();

        AssertError(await Api.PostAsync("/api/sessions/SESS-NOPE/abandon", new JsonObject { ["channel_code"] = channel }),
            HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class SqliteSessionAbandonTests(SqliteApp app) : SessionAbandonTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionAbandonTests(PostgresApp app) : SessionAbandonTests(app), IClassFixture<PostgresApp>;
