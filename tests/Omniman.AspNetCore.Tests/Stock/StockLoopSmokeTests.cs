using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Stock;

public abstract class StockLoopSmokeTests(OmnimanApp app)
{
    private static JsonObject StockChannel() => new()
    {
        ["required_checks_on_commit"] = new JsonArray("stock"),
        ["post_commit_directives"] = new JsonArray("stock.commit"),
    };

    [Fact]
    public async Task Checkout_DecrementsStock_WhenCheckLandsAndCommitRuns()
    {
        using var admin = app.Admin();
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("stk", StockChannel());
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 3, 100))).Expect(HttpStatusCode.OK);

        Assert.Equal("missing_check", (await admin.CommitAsync(channel, key)).ErrorCode);
        await app.DispatchAllAsync();
        var stock = (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(3m, stock["held"]!.GetValue<decimal>());
        Assert.Equal(7m, stock["available"]!.GetValue<decimal>());

        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        await app.DispatchAllAsync();
        stock = (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(7m, stock["on_hand"]!.GetValue<decimal>());
        Assert.Equal(0m, stock["held"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StockCheck_RaisesBlockingIssue_WhenShort()
    {
        using var admin = app.Admin();
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 2 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("stk", StockChannel());
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 5, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();

        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        var issue = session["data"]!["issues"]![0]!;
        Assert.Equal("insufficient_stock", issue["code"]!.GetValue<string>());
        var commit = await admin.CommitAsync(channel, key);
        Assert.Equal("blocking_issues", commit.ErrorCode);

        var setQty = issue["actions"]!.AsArray().First(a => a!["ops"]![0]!["op"]!.GetValue<string>() == "set_qty")!;
        (await admin.PostAsync($"/api/sessions/{key}/resolve", new JsonObject
        {
            ["channel_code"] = channel, ["issue_id"] = issue["id"]!.GetValue<string>(), ["action_id"] = setQty["id"]!.GetValue<string>(),
        })).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }
}

public sealed class SqliteStockLoopSmokeTests(SqliteApp app) : StockLoopSmokeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStockLoopSmokeTests(PostgresApp app) : StockLoopSmokeTests(app), IClassFixture<PostgresApp>;
