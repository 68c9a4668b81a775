using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>GET /api/sessions: filters and cursor pagination (docs/api.md lists, §3 Read).</summary>
public abstract class SessionListTests(OmnimanApp app) : SessionTestBase(app)
{
    [Fact]
    public async Task List_ReturnsOnlyThatChannel_WhenFilteredByChannelCode()
    {
        var channel = await NewChannelAsync();
        var other = await NewChannelAsync();
        var mine = new[] { await OpenAsync(channel), await OpenAsync(channel) };
        await OpenAsync(other);

        var listed = await Api.ListAllAsync($"/api/sessions?channel_code={channel}");

        Assert.Equal(mine.Order(), listed.Select(s => s.Get<string>("session_key")).Order());
        Assert.All(listed, s => Assert.Equal(channel, s.Get<string>("channel_code")));
    }

    [Fact]
    public async Task List_ReturnsOnlyThatState_WhenFilteredByState()
    {
        var channel = await NewChannelAsync();
        var open = await OpenAsync(channel);
        var committed = await OpenAsync(channel);
        await ModifyOkAsync(channel, committed, Ops.AddLine("A", 1));
        (await Api.CommitAsync(channel, committed)).Expect(HttpStatusCode.Created);
        var abandoned = await OpenAsync(channel);
        (await Api.PostAsync($"/api/sessions/{abandoned}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);

        Assert.Equal([open], await KeysAsync($"channel_code={channel}&state=open"));
        Assert.Equal([committed], await KeysAsync($"channel_code={channel}&state=committed"));
        Assert.Equal([abandoned], await KeysAsync($"channel_code={channel}&state=abandoned"));
    }

    [Fact]
    public async Task List_ReturnsOnlyMatchingHandles_WhenFilteredByHandleTypeAndRef()
    {
        var channel = await NewChannelAsync();
        var table1 = await OpenWithHandleAsync(channel, "table", "1");
        var table2 = await OpenWithHandleAsync(channel, "table", "2");
        var customer1 = await OpenWithHandleAsync(channel, "customer", "1");
        await OpenAsync(channel);

        Assert.Equal(new[] { table1, table2 }.Order(), (await KeysAsync($"channel_code={channel}&handle_type=table")).Order());
        Assert.Equal(new[] { table1, customer1 }.Order(), (await KeysAsync($"channel_code={channel}&handle_ref=1")).Order());
        Assert.Equal([table2], await KeysAsync($"channel_code={channel}&handle_type=table&handle_ref=2"));
        Assert.Empty(await KeysAsync($"channel_code={channel}&handle_type=customer&handle_ref=2"));
    }

    [Fact]
    public async Task List_PagesWithoutDuplicatesOrOmissions_WhenSessionsAreInsertedBetweenPages()
    {
        var channel = await NewChannelAsync();
        var existing = new List<string>();
        for (var i = 0; i < 7; i++) existing.Add(await OpenAsync(channel));

        var seen = new List<string>();
        string? next = $"/api/sessions?channel_code={channel}&page_size=3";
        var pages = 0;
        while (next is not null)
        {
            var page = (await Api.GetAsync(next)).Expect(HttpStatusCode.OK).Json;
            var results = page.Array("results");
            Assert.InRange(results.Count, 1, 3);
            seen.AddRange(results.Select(s => s.Get<string>("session_key")));
            next = page["next"]?.GetValue<string>();
            pages++;
            await OpenAsync(channel);   // a concurrent insert between two page fetches
        }

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(existing.Order(), seen.Order());
    }

    [Fact]
    public async Task List_KeepsFiltersInNextLinks_WhenPaging()
    {
        var channel = await NewChannelAsync();
        var open = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            open.Add(await OpenAsync(channel));
            var abandoned = await OpenAsync(channel);
            (await Api.PostAsync($"/api/sessions/{abandoned}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);
        }

        var listed = await Api.ListAllAsync($"/api/sessions?channel_code={channel}&state=open&page_size=2");

        Assert.Equal(open.Order(), listed.Select(s => s.Get<string>("session_key")).Order());
        Assert.All(listed, s => Assert.Equal("open", s.Get<string>("state")));
    }

    [Fact]
    public async Task List_PreviousLinkLeadsBackToEarlierPage_WhenFollowedFromSecondPage()
    {
        var channel = await NewChannelAsync();
        for (var i = 0; i < 5; i++) await OpenAsync(channel);

        var first = (await Api.GetAsync($"/api/sessions?channel_code={channel}&page_size=2")).Expect(HttpStatusCode.OK).Json;
        Assert.Null(first["previous"]);
        var second = (await Api.GetAsync(first.Get<string>("next"))).Expect(HttpStatusCode.OK).Json;
        var back = (await Api.GetAsync(second.Get<string>("previous"))).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(Keys(first), Keys(back));
        Assert.Empty(Keys(first).Intersect(Keys(second)));
        Assert.All(Keys(second), k => Assert.DoesNotContain(k, Keys(first)));
    }

    [Fact]
    public async Task List_LastPageHasNoNext_WhenAllResultsFit()
    {
        var channel = await NewChannelAsync();
        for (var i = 0; i < 3; i++) await OpenAsync(channel);

        var page = (await Api.GetAsync($"/api/sessions?channel_code={channel}&page_size=3")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(3, page.Array("results").Count);
        Assert.Null(page["next"]);
        Assert.Null(page["previous"]);
    }

    [Fact]
    public async Task List_Defaults25PerPage_WhenNoPageSizeGiven()
    {
        var channel = await NewChannelAsync();
        for (var i = 0; i < 26; i++) await OpenAsync(channel);

        var page = (await Api.GetAsync($"/api/sessions?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(25, page.Array("results").Count);
        Assert.NotNull(page["next"]);
    }

    [Fact]
    public async Task List_CapsPageSizeAt100_WhenLargerPageSizeAsked()
    {
        var channel = await NewChannelAsync();
        for (var i = 0; i < 101; i++) await OpenAsync(channel);

        var page = (await Api.GetAsync($"/api/sessions?channel_code={channel}&page_size=500")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(100, page.Array("results").Count);
        var rest = (await Api.GetAsync(page.Get<string>("next"))).Expect(HttpStatusCode.OK).Json;
        Assert.Single(rest.Array("results"));
    }

    [Theory]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("cursor=bjotMQ")]
    [InlineData("cursor=eDox")]
    [InlineData("page_size=0")]
    [InlineData("page_size=abc")]
    public async Task List_Returns400_WhenCursorOrPageSizeMalformed(string query)
    {
        var response = await Api.GetAsync($"/api/sessions?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
    }

    private async Task<string> OpenWithHandleAsync(string channel, string type, string reference) =>
        (await Api.OpenSessionAsync(channel, type, reference)).Get<string>("session_key");

    private async Task<List<string>> KeysAsync(string query) =>
        [.. (await Api.ListAllAsync($"/api/sessions?{query}")).Select(s => s.Get<string>("session_key"))];

    private static List<string> Keys(JsonNode page) => [.. page.Array("results").Select(s => s.Get<string>("session_key"))];
}

public sealed class SqliteSessionListTests(SqliteApp app) : SessionListTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionListTests(PostgresApp app) : SessionListTests(app), IClassFixture<PostgresApp>;
