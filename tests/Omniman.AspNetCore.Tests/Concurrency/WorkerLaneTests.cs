using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.AspNetCore.Tests.Directives;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

public sealed class SqliteScriptedWorkerApp : SqliteApp
{
    protected override bool RunWorker => true;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => DirectiveTestSettings.Values;
    protected override void ConfigureServices(IServiceCollection services) => DirectiveTestSettings.Register(services);
}

public sealed class PostgresScriptedWorkerApp : PostgresApp
{
    protected override bool RunWorker => true;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => DirectiveTestSettings.Values;
    protected override void ConfigureServices(IServiceCollection services) => DirectiveTestSettings.Register(services);
}

/// <summary>The running worker keeps several lanes: one slow directive holds up nothing written after it.</summary>
public abstract class WorkerLaneTests(OmnimanApp app)
{
    private static readonly TimeSpan SlowRun = TimeSpan.FromSeconds(4);
    private HandlerLog Log => app.Services.GetRequiredService<HandlerLog>();

    [Fact]
    public async Task DirectivesWrittenWhileASlowOneRuns_RunWithoutWaitingForIt()
    {
        var slow = await EnqueueAsync(new JsonObject { ["delay_ms"] = (int)SlowRun.TotalMilliseconds });
        await UntilAsync(() => Log.Runs.ContainsKey(slow), TimeSpan.FromSeconds(10));
        var started = Stopwatch.StartNew();

        var quick = new List<long>();
        for (var i = 0; i < 6; i++) quick.Add(await EnqueueAsync([]));
        await UntilAsync(() => quick.All(Log.Runs.ContainsKey), TimeSpan.FromSeconds(10));

        Assert.True(started.Elapsed < SlowRun - TimeSpan.FromSeconds(1),
            $"the quick directives waited {started.Elapsed.TotalMilliseconds:F0} ms, about as long as the slow one runs");
    }

    /// <summary>Directives that wait on a slow outside service fill the outbound lanes, and the others run beside them (issue 18).</summary>
    [Fact]
    public async Task InsideDirectives_RunWhileEveryLaneOfOutboundOnesWaitsOnASlowService()
    {
        var slow = new List<long>();
        for (var i = 0; i < 12; i++)
            slow.Add(await app.EnqueueDirectiveAsync(OutboundScriptedHandler.Topic, new JsonObject { ["delay_ms"] = (int)SlowRun.TotalMilliseconds }));
        await UntilAsync(() => slow.Count(Log.Runs.ContainsKey) >= 4, TimeSpan.FromSeconds(10));
        var started = Stopwatch.StartNew();

        var quick = new List<long>();
        for (var i = 0; i < 6; i++) quick.Add(await EnqueueAsync([]));
        await UntilAsync(() => quick.All(Log.Runs.ContainsKey), TimeSpan.FromSeconds(20));

        Assert.True(started.Elapsed < SlowRun - TimeSpan.FromSeconds(1),
            $"the quick directives waited {started.Elapsed.TotalMilliseconds:F0} ms, about as long as the slow outbound ones run");
    }

    private Task<long> EnqueueAsync(JsonObject payload) => app.EnqueueDirectiveAsync(ScriptedHandler.Topic, payload);

    private static async Task UntilAsync(Func<bool> condition, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < patience, "timed out waiting for the worker");
            await Task.Delay(10);
        }
    }
}

public sealed class SqliteWorkerLaneTests(SqliteScriptedWorkerApp app) : WorkerLaneTests(app), IClassFixture<SqliteScriptedWorkerApp>;

public sealed class PostgresWorkerLaneTests(PostgresScriptedWorkerApp app) : WorkerLaneTests(app), IClassFixture<PostgresScriptedWorkerApp>;
