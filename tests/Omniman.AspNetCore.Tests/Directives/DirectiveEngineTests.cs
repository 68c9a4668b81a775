using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Directives;

/// <summary>Claim, lease, retry, backoff and reaping through DispatchDueAsync with a fake clock (issue 3).</summary>
public abstract class DirectiveEngineTests(OmnimanApp app)
{
    private HandlerLog Log => app.Services.GetRequiredService<HandlerLog>();

    private Task<long> EnqueueAsync(JsonObject payload, string topic = "test.scripted") => app.EnqueueDirectiveAsync(topic, payload);

    private async Task<JsonNode> GetAsync(long id)
    {
        using var admin = app.Admin();
        return (await admin.GetAsync($"/api/directives/{id}")).Expect(HttpStatusCode.OK).Json;
    }

    private Task<int> DispatchOnceAsync() => app.Services.GetRequiredService<DirectiveDispatcher>().DispatchDueAsync(new DispatchFilter([ScriptedHandler.Topic]));

    [Fact]
    public async Task Dispatch_RunsHandlerOnceAndMarksDone_WhenHandlerSucceeds()
    {
        var id = await EnqueueAsync([]);
        Assert.Equal(1, await DispatchOnceAsync());
        var directive = await GetAsync(id);
        Assert.Equal("done", directive["status"]!.GetValue<string>());
        Assert.Equal(1, directive["attempts"]!.GetValue<int>());
        Assert.NotNull(directive["started_at"]!.GetValue<string>());
        Assert.Equal(1, Log.Runs[id]);
        Assert.Equal(0, await DispatchOnceAsync());
    }

    [Fact]
    public async Task FailingHandler_IsRetriedAfterBackoff_ThenSucceeds()
    {
        var id = await EnqueueAsync(new JsonObject { ["fail_times"] = 1 });
        await DispatchOnceAsync();
        var afterFailure = await GetAsync(id);
        Assert.Equal("queued", afterFailure["status"]!.GetValue<string>());
        Assert.Contains("scripted failure", afterFailure["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        var retryAt = DateTime.Parse(afterFailure["available_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        var delay = retryAt - app.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(delay.TotalSeconds, 7.9, 12.1);   // base 10 s, ±20% jitter

        Assert.Equal(0, await DispatchOnceAsync());      // not due yet
        app.Clock.Advance(TimeSpan.FromSeconds(13));
        Assert.Equal(1, await DispatchOnceAsync());
        var done = await GetAsync(id);
        Assert.Equal("done", done["status"]!.GetValue<string>());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
        Assert.True(done["last_error"] is null);
    }

    [Fact]
    public async Task FailingHandler_StaysFailedWithLastError_AfterMaxAttempts()
    {
        var id = await EnqueueAsync(new JsonObject { ["always_fail"] = true });
        for (var attempt = 0; attempt < DirectiveTestSettings.MaxAttempts + 2; attempt++)
        {
            await DispatchOnceAsync();
            app.Clock.Advance(TimeSpan.FromSeconds(61));
        }
        var directive = await GetAsync(id);
        Assert.Equal("failed", directive["status"]!.GetValue<string>());
        Assert.Equal(DirectiveTestSettings.MaxAttempts, directive["attempts"]!.GetValue<int>());
        Assert.Contains("attempt 3", directive["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(DirectiveTestSettings.MaxAttempts, Log.Runs[id]);
    }

    [Fact]
    public async Task Run_RequeuesFailedDirective_AndItRunsAgain()
    {
        var id = await EnqueueAsync(new JsonObject { ["fail_times"] = DirectiveTestSettings.MaxAttempts });
        for (var attempt = 0; attempt < DirectiveTestSettings.MaxAttempts; attempt++)
        {
            await DispatchOnceAsync();
            app.Clock.Advance(TimeSpan.FromSeconds(61));
        }
        Assert.Equal("failed", (await GetAsync(id))["status"]!.GetValue<string>());

        using var admin = app.Admin();
        var run = (await admin.PostAsync($"/api/directives/{id}/run", null)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("queued", run["status"]!.GetValue<string>());
        Assert.Equal(1, await DispatchOnceAsync());
        Assert.Equal("done", (await GetAsync(id))["status"]!.GetValue<string>());
        Assert.Equal("already_done", (await admin.PostAsync($"/api/directives/{id}/run", null)).ErrorCode);
    }

    [Fact]
    public async Task Run_IsAdminOnly_AndUnknownIdIsNotFound()
    {
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/directives/987654321/run", null)).Status);
        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/directives/1/run", null)).Status);
    }

    private Task<List<Directive>> ClaimAsync(string topic, int limit)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return app.InScopeAsync(sp => sp.GetRequiredService<IDatabaseDialect>().ClaimDirectivesAsync(
            sp.GetRequiredService<OmnimanDb>(), [topic],
            new DirectiveClaim(now, now.AddSeconds(DirectiveTestSettings.LeaseSeconds), limit, DirectiveTestSettings.MaxAttempts), default));
    }

    /// <summary>
    /// Guard: a worker whose attempt failed after its lease lapsed and another worker took the
    /// directive over records nothing; the attempt count fences the failure (issue #14).
    /// </summary>
    [Fact]
    public async Task FailedAttempt_LeavesTheRowAlone_WhenAnotherWorkerTookItOver()
    {
        var id = await EnqueueAsync(new JsonObject { ["taken_over"] = true });

        Assert.Equal(1, await DispatchOnceAsync());

        var directive = await GetAsync(id);
        Assert.Equal("running", directive["status"]!.GetValue<string>());
        Assert.Equal(2, directive["attempts"]!.GetValue<int>());
        Assert.True(directive["last_error"] is null);
    }

    [Fact]
    public async Task LapsedLease_IsClaimedAgain_WhenTheWorkerDied()
    {
        var id = await EnqueueAsync([]);
        // A worker claims the directive and dies before finishing: its row stays running under a lease.
        var claimed = await ClaimAsync(ScriptedHandler.Topic, 10);
        Assert.Equal(id, Assert.Single(claimed).Id);
        Assert.Equal("running", (await GetAsync(id))["status"]!.GetValue<string>());

        Assert.Equal(0, await DispatchOnceAsync());       // the lease still holds
        app.Clock.Advance(TimeSpan.FromSeconds(DirectiveTestSettings.LeaseSeconds + 1));
        Assert.Equal(1, await DispatchOnceAsync());
        var directive = await GetAsync(id);
        Assert.Equal("done", directive["status"]!.GetValue<string>());
        Assert.Equal(2, directive["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Claim_TakesLapsedLeasesThenTheOldestDue_UpToItsLimit()
    {
        const string topic = "test.claim-order";   // no handler: only these claims touch it
        var first = await EnqueueAsync([], topic);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await EnqueueAsync([], topic);
        var third = await EnqueueAsync([], topic);

        Assert.Equal([first], (await ClaimAsync(topic, 1)).Select(d => d.Id));
        app.Clock.Advance(TimeSpan.FromSeconds(DirectiveTestSettings.LeaseSeconds + 1));
        var claimed = await ClaimAsync(topic, 2);
        Assert.Equal([first, second], claimed.Select(d => d.Id).Order());
        Assert.Equal(2, claimed.Single(d => d.Id == first).Attempts);
        Assert.Equal([third], (await ClaimAsync(topic, 2)).Select(d => d.Id));
        Assert.Empty(await ClaimAsync(topic, 2));
    }

    private async Task<List<long>> WrittenForAsync(long id) => (await app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().Directives
            .AsNoTracking().Where(d => d.Topic == WritingHandler.WrittenTopic).ToListAsync()))
        .Where(d => d.Payload["of"]!.GetValue<long>() == id).Select(d => d.Id).ToList();

    // Counts may include a directive another test left to lapse: each test reads back its own.
    private Task<int> DispatchWritingAsync() =>
        app.Services.GetRequiredService<DirectiveDispatcher>().DispatchDueAsync(new DispatchFilter([WritingHandler.Topic]));

    [Fact]
    public async Task HandlerWrites_CommitWithTheDoneMark_WhenTheHandlerReturns()
    {
        var id = await EnqueueAsync([], WritingHandler.Topic);
        Assert.NotEqual(0, await DispatchWritingAsync());
        Assert.Equal("done", (await GetAsync(id))["status"]!.GetValue<string>());
        Assert.Single(await WrittenForAsync(id));
    }

    [Fact]
    public async Task HandlerWrites_RollBack_WhenTheHandlerThrowsAfterSaving()
    {
        var id = await EnqueueAsync(new JsonObject { ["fail"] = true }, WritingHandler.Topic);
        Assert.NotEqual(0, await DispatchWritingAsync());
        var directive = await GetAsync(id);
        Assert.Equal("queued", directive["status"]!.GetValue<string>());
        Assert.Contains("failed after writing", directive["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await WrittenForAsync(id));
    }

    /// <summary>A declined card: the handler records what happened and says it will never succeed (issue #14).</summary>
    [Fact]
    public async Task FailForGood_KeepsTheHandlersWrites_AndLeavesNoAttemptForLater()
    {
        var id = await EnqueueAsync(new JsonObject { ["outcome"] = "fail" }, WritingHandler.Topic);

        Assert.NotEqual(0, await DispatchWritingAsync());

        var directive = await GetAsync(id);
        Assert.Equal("failed", directive["status"]!.GetValue<string>());
        Assert.Equal(1, directive["attempts"]!.GetValue<int>());
        Assert.Equal("scripted: declined for good", directive["last_error"]!.GetValue<string>());
        Assert.Single(await WrittenForAsync(id));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await DispatchWritingAsync();
        Assert.Equal("failed", (await GetAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RetryAt_RunsAgainAtTheHandlersTime_NotTheBackoffs()
    {
        var id = await EnqueueAsync(new JsonObject { ["outcome"] = "retry", ["retry_in_seconds"] = 120, ["retry_times"] = 1 });

        Assert.Equal(1, await DispatchOnceAsync());
        var waiting = await GetAsync(id);
        Assert.Equal("queued", waiting["status"]!.GetValue<string>());
        Assert.Equal("scripted: not now", waiting["last_error"]!.GetValue<string>());
        var due = DateTime.Parse(waiting["available_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(120, (due - app.Clock.GetUtcNow().UtcDateTime).TotalSeconds, 0.5);

        app.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(0, await DispatchOnceAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(1, await DispatchOnceAsync());
        var done = await GetAsync(id);
        Assert.Equal("done", done["status"]!.GetValue<string>());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Defer_RunsAgainLater_WithoutSpendingAnAttempt()
    {
        // Its own topic: a directive that defers for ever must not be due in the other tests' passes.
        var id = await EnqueueAsync(new JsonObject { ["outcome"] = "defer", ["retry_in_seconds"] = 30 }, OutboundScriptedHandler.Topic);
        var dispatcher = app.Services.GetRequiredService<DirectiveDispatcher>();

        for (var i = 0; i < DirectiveTestSettings.MaxAttempts + 2; i++)
        {
            Assert.Equal(1, await dispatcher.DispatchDueAsync(new DispatchFilter([OutboundScriptedHandler.Topic])));
            Assert.Equal(0, await dispatcher.DispatchDueAsync(new DispatchFilter([OutboundScriptedHandler.Topic])));
            app.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        var waiting = await GetAsync(id);
        Assert.Equal("queued", waiting["status"]!.GetValue<string>());
        Assert.Equal(0, waiting["attempts"]!.GetValue<int>());
        Assert.Equal("scripted: busy", waiting["last_error"]!.GetValue<string>());
    }

    [Fact]
    public async Task RetryAt_FailsWithTheReason_WhenNoAttemptsAreLeft()
    {
        var id = await EnqueueAsync(new JsonObject { ["outcome"] = "retry", ["retry_in_seconds"] = 1 });

        for (var i = 0; i < DirectiveTestSettings.MaxAttempts; i++)
        {
            Assert.Equal(1, await DispatchOnceAsync());
            app.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        var directive = await GetAsync(id);
        Assert.Equal("failed", directive["status"]!.GetValue<string>());
        Assert.Equal(DirectiveTestSettings.MaxAttempts, directive["attempts"]!.GetValue<int>());
        Assert.Equal("scripted: not now (no attempts left)", directive["last_error"]!.GetValue<string>());
    }

    [Fact]
    public async Task HandlerWrites_RollBack_WhenAnotherWorkerTookTheDirectiveOver()
    {
        var id = await EnqueueAsync(new JsonObject { ["taken_over"] = true }, WritingHandler.Topic);
        Assert.NotEqual(0, await DispatchWritingAsync());
        var directive = await GetAsync(id);
        // Not done: the mark found another attempt's count. The bump that stood for the other
        // worker's claim was in this attempt's transaction, so it rolled back with the rest.
        Assert.Equal("running", directive["status"]!.GetValue<string>());
        Assert.Equal(1, directive["attempts"]!.GetValue<int>());
        Assert.Empty(await WrittenForAsync(id));
    }

    [Fact]
    public async Task CheckHandler_WritesItsResult_InTheDirectivesTransaction()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("chk");
        var session = await admin.OpenSessionAsync(channel);
        var key = session["session_key"]!.GetValue<string>();
        var id = await EnqueueAsync(new JsonObject { ["channel_code"] = channel, ["session_key"] = key, ["rev"] = session["rev"]!.GetValue<int>() },
            CheckingHandler.Topic);

        Assert.NotEqual(0, await app.Services.GetRequiredService<DirectiveDispatcher>().DispatchDueAsync(new DispatchFilter([CheckingHandler.Topic])));

        // WriteCheckResult joins the directive's transaction instead of beginning a second one.
        Assert.Equal("done", (await GetAsync(id))["status"]!.GetValue<string>());
        var check = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["data"]!["checks"]![CheckingHandler.CheckCode]!;
        Assert.Equal("ok", check["status"]!.GetValue<string>());
        Assert.Equal(CheckingHandler.Topic, check["result"]!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnhandledTopic_StaysQueued()
    {
        var id = await EnqueueAsync([], topic: "nobody.handles.this");
        await app.DispatchAllAsync();
        var directive = await GetAsync(id);
        Assert.Equal("queued", directive["status"]!.GetValue<string>());
        Assert.Equal(0, directive["attempts"]!.GetValue<int>());

        await app.Services.GetRequiredService<Omniman.Housekeeping.HousekeepingRunner>().RunAllAsync(default);
        Assert.Contains(app.Services.GetRequiredService<LogCapture>().Lines,
            line => line.Contains("nobody.handles.this", StringComparison.Ordinal) && line.Contains("no handler", StringComparison.Ordinal));
    }
}

public sealed class SqliteDirectiveEngineTests(SqliteDirectiveApp app) : DirectiveEngineTests(app), IClassFixture<SqliteDirectiveApp>;

public sealed class PostgresDirectiveEngineTests(PostgresDirectiveApp app) : DirectiveEngineTests(app), IClassFixture<PostgresDirectiveApp>;
