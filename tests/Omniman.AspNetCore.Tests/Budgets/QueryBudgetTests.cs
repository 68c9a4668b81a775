using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Budgets;

public sealed class SqliteCountingApp : SqliteApp
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor, CommandCounter>();
}

public sealed class PostgresCountingApp : PostgresApp
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor, CommandCounter>();
}

/// <summary>
/// How many SQL commands the hot paths send. A change that adds one fails here on purpose: raise
/// the budget only when the new query is worth its cost, and say why in the commit (issue 6).
/// </summary>
public abstract class QueryBudgetTests(OmnimanApp app, QueryBudgets budgets)
{
    private static readonly string[] BasketSkus = ["BUDGET-SKU", "BUDGET-SKU-2", "BUDGET-SKU-3"];

    private CommandCounter Counter => (CommandCounter)app.Services.GetServices<IInterceptor>().OfType<CommandCounter>().Single();

    private async Task WithinBudgetAsync(string what, int budget, Func<Task> work)
    {
        Counter.Reset();
        await work();
        var commands = Counter.Commands;
        Assert.True(commands.Count <= budget, $"{what} sent {commands.Count} commands (budget {budget}):\n{string.Join("\n---\n", commands)}");
    }

    private async Task<(ApiClient Admin, string Channel, string Key)> WarmBasketAsync()
    {
        var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("bud", new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock"),
            ["post_commit_directives"] = new JsonArray("stock.commit"),
        });
        foreach (var sku in BasketSkus)
            (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 1_000_000 })).Expect(HttpStatusCode.OK);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        // Warm the caches a running server has warm: the key, the channel, the catalog.
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("BUDGET-SKU", 1, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        return (admin, channel, key);
    }

    [Fact]
    public async Task Modify_StaysWithinItsQueryBudget()
    {
        var (admin, channel, key) = await WarmBasketAsync();
        using var _ = admin;
        await WithinBudgetAsync("modify", budgets.Modify,
            async () => (await admin.ModifyAsync(channel, key, Scenario.AddLine("BUDGET-SKU", 1, 100))).Expect(HttpStatusCode.OK));
    }

    [Fact]
    public async Task StockCheck_StaysWithinItsQueryBudget()
    {
        var (admin, channel, key) = await WarmBasketAsync();
        using var _ = admin;
        // Three SKUs: the check costs the same whatever the basket holds, never a query per line.
        (await admin.ModifyAsync(channel, key, [.. BasketSkus.Select(sku => Scenario.AddLine(sku, 1, 100))])).Expect(HttpStatusCode.OK);
        // The dispatcher's own claim-and-complete round trip is counted with the handler.
        await WithinBudgetAsync("stock check", budgets.StockCheck, async () => Assert.Equal(1, await app.DispatchAllAsync()));
    }

    [Fact]
    public async Task Commit_StaysWithinItsQueryBudget()
    {
        var (admin, channel, key) = await WarmBasketAsync();
        using var _ = admin;
        await WithinBudgetAsync("commit", budgets.Commit,
            async () => (await admin.CommitAsync(channel, key, "budget-1")).Expect(HttpStatusCode.Created));
    }

    [Fact]
    public async Task StockCommit_StaysWithinItsQueryBudget()
    {
        var (admin, channel, key) = await WarmBasketAsync();
        using var _ = admin;
        (await admin.ModifyAsync(channel, key, [.. BasketSkus.Skip(1).Select(sku => Scenario.AddLine(sku, 1, 100))])).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await app.DispatchAllAsync());
        (await admin.CommitAsync(channel, key, "budget-stock-commit")).Expect(HttpStatusCode.Created);
        // The post-commit directive fulfils the order's three holds; the dispatcher's claims count with it.
        await WithinBudgetAsync("stock commit", budgets.StockCommit, async () => Assert.Equal(1, await app.DispatchAllAsync()));
    }

    [Fact]
    public async Task Reads_StayWithinTheirQueryBudget()
    {
        var (admin, channel, key) = await WarmBasketAsync();
        using var _ = admin;
        var orderRef = (await admin.CommitAsync(channel, key, "budget-read")).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        (await admin.GetAsync($"/api/orders?channel_code={channel}")).Expect(HttpStatusCode.OK);

        await WithinBudgetAsync("GET session", 1,
            async () => (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK));
        // The order with its items, then its events.
        await WithinBudgetAsync("GET order", 2, async () => (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK));
        // The page of orders, then their items by the page's ids: a join would repeat each order's row per item.
        await WithinBudgetAsync("an order page", 2,
            async () => (await admin.GetAsync($"/api/orders?channel_code={channel}")).Expect(HttpStatusCode.OK));
    }
}

/// <summary>SQL commands allowed per hot path on one database.</summary>
public sealed record QueryBudgets(int Modify, int Commit, int StockCheck, int StockCommit);

public sealed class SqliteQueryBudgetTests(SqliteCountingApp app)
    : QueryBudgetTests(app, new QueryBudgets(Modify: 3, Commit: 9, StockCheck: 11, StockCommit: 14)), IClassFixture<SqliteCountingApp>;

public sealed class PostgresQueryBudgetTests(PostgresCountingApp app)
    : QueryBudgetTests(app, new QueryBudgets(Modify: 2, Commit: 6, StockCheck: 7, StockCommit: 5)), IClassFixture<PostgresCountingApp>;
