using System.Diagnostics;
using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary><c>GET /api/sessions/{key}?wait_checks=true</c>: one request in place of polling for a check.</summary>
public abstract class SessionWaitChecksTests(OmnimanApp app) : SessionTestBase(app)
{
    private const string StockChannel = """{"required_checks_on_commit":["stock"]}""";

    private Task<ApiResponse> WaitAsync(string channel, string key, string wait = "") =>
        Api.GetAsync($"/api/sessions/{key}?channel_code={channel}&wait_checks=true{wait}");

    [Fact]
    public async Task Wait_AnswersOnceTheCheckLandsForTheCurrentRev()
    {
        var (channel, key, session) = await SessionWithAsync(StockChannel, Scenario.AddLine("WAIT-1", 1, 100));
        var watch = Stopwatch.StartNew();
        var waiting = WaitAsync(channel, key, "&wait_seconds=20");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the check has not run yet");

        Assert.True(await App.DispatchAllAsync() >= 1);
        var answer = (await waiting).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(session.Get<int>("rev"), answer["data"]!["checks"]!["stock"]!.Get<int>("rev"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Wait_AnswersTheSessionAsItIs_WhenTheWaitIsUp()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel, Scenario.AddLine("WAIT-2", 1, 100));
        var watch = Stopwatch.StartNew();

        var answer = (await WaitAsync(channel, key, "&wait_seconds=0.4")).Expect(HttpStatusCode.OK);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(8));
        Assert.Null(answer.Json["data"]!["checks"]);
        Assert.Equal("\"1\"", answer.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Wait_AnswersAtOnce_WhenNothingIsLeftToWaitFor()
    {
        var (plain, plainKey, _) = await SessionWithAsync(null, Scenario.AddLine("WAIT-3", 1, 100));
        var (stock, stockKey, _) = await SessionWithAsync(StockChannel, Scenario.AddLine("WAIT-4", 1, 100));
        (await Api.PostAsync($"/api/sessions/{stockKey}/abandon", new System.Text.Json.Nodes.JsonObject { ["channel_code"] = stock })).Expect(HttpStatusCode.OK);
        var watch = Stopwatch.StartNew();

        (await WaitAsync(plain, plainKey, "&wait_seconds=20")).Expect(HttpStatusCode.OK);   // no check required
        Assert.Equal("abandoned", (await WaitAsync(stock, stockKey, "&wait_seconds=20")).Expect(HttpStatusCode.OK).Json.Get<string>("state"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData("&wait_seconds=0")]
    [InlineData("&wait_seconds=-1")]
    [InlineData("&wait_seconds=31")]
    [InlineData("&wait_seconds=NaN")]
    public async Task Wait_RefusesAWaitOutOfRange(string wait)
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel);
        AssertError(await WaitAsync(channel, key, wait), HttpStatusCode.BadRequest, "validation_error");
    }

    [Fact]
    public async Task WaitSeconds_WithoutWaitChecks_IsRefused()
    {
        var (channel, key, _) = await SessionWithAsync(StockChannel);
        AssertError(await Api.GetAsync($"/api/sessions/{key}?channel_code={channel}&wait_seconds=5"), HttpStatusCode.BadRequest, "validation_error");
    }

    [Fact]
    public async Task Wait_OnAnUnknownSession_IsNotFound()
    {
        var channel = await NewChannelAsync(StockChannel);
        AssertError(await WaitAsync(channel, "NOPE", "&wait_seconds=1"), HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class SqliteSessionWaitChecksTests(SqliteApp app) : SessionWaitChecksTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionWaitChecksTests(PostgresApp app) : SessionWaitChecksTests(app), IClassFixture<PostgresApp>;
