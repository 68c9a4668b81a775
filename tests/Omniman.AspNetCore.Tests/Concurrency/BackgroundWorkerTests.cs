using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

/// <summary>The app with its real background worker running, as <c>serve</c> runs it.</summary>
public sealed class PostgresWorkerApp : PostgresApp
{
    protected override bool RunWorker => true;
}

public sealed class SqliteWorkerApp : SqliteApp
{
    protected override bool RunWorker => true;
}

public abstract class BackgroundWorkerTests(OmnimanApp app)
{
    [Fact]
    public async Task Worker_LandsStockCheckWithoutManualDispatch_AfterModify()
    {
        using var admin = app.Admin();
        var sku = $"BG-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 3 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("bg", new JsonObject { ["required_checks_on_commit"] = new JsonArray("stock") });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 1, 100))).Expect(HttpStatusCode.OK);

        var watch = Stopwatch.StartNew();
        JsonNode? check = null;
        while (check is null && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
            check = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["data"]!["checks"]?["stock"];
        }
        Assert.NotNull(check);
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }
}

public sealed class SqliteBackgroundWorkerTests(SqliteWorkerApp app) : BackgroundWorkerTests(app), IClassFixture<SqliteWorkerApp>;

public sealed class PostgresBackgroundWorkerTests(PostgresWorkerApp app) : BackgroundWorkerTests(app), IClassFixture<PostgresWorkerApp>;
