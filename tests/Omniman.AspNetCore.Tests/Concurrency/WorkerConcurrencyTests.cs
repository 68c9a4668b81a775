using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.AspNetCore.Tests.Directives;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

/// <summary>Parallel workers and checkouts on PostgreSQL (issue 3).</summary>
public sealed class WorkerConcurrencyTests(PostgresDirectiveApp app) : IClassFixture<PostgresDirectiveApp>
{
    [Fact]
    public async Task RacingDispatchers_NeverRunOneDirectiveTwice()
    {
        const int count = 120;
        var ids = await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OmnimanDb>();
            var rows = Enumerable.Range(0, count)
                .Select(_ => Directive.Create(ScriptedHandler.Topic, new JsonObject { ["delay_ms"] = 5 }, app.Clock.GetUtcNow().UtcDateTime)).ToList();
            db.Directives.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

        // Four dispatchers, each as its own worker would run them, until nothing is due.
        var dispatcher = app.Services.GetRequiredService<DirectiveDispatcher>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await dispatcher.DispatchDueAsync(new DispatchFilter([ScriptedHandler.Topic], 5)) > 0) { }
        })));

        var log = app.Services.GetRequiredService<HandlerLog>();
        Assert.Empty(log.Overlaps);
        Assert.All(ids, id => Assert.Equal(1, log.Runs.GetValueOrDefault(id)));
        var done = await app.InScopeAsync(async sp =>
            sp.GetRequiredService<OmnimanDb>().Directives.Count(d => ids.Contains(d.Id) && d.Status == DirectiveStatuses.Done));
        Assert.Equal(count, done);
    }

    [Fact]
    public async Task FiftyConcurrentBaskets_OnSkuOfTen_CommitExactlyTenUnits()
    {
        using var admin = app.Admin();
        var sku = $"HOT-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("rush", new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock"),
            ["post_commit_directives"] = new JsonArray("stock.commit"),
        });

        var keys = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var client = app.Admin();
            var key = (await client.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
            (await client.ModifyAsync(channel, key, Scenario.AddLine(sku, 1, 900))).Expect(HttpStatusCode.OK);
            return key;
        }));
        // The stock checks run on parallel dispatchers, as several workers would.
        var dispatcher = app.Services.GetRequiredService<DirectiveDispatcher>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await dispatcher.DispatchDueAsync(new DispatchFilter(["stock.hold"], 5)) > 0) { }
        })));

        var commits = await Task.WhenAll(keys.Select(async key =>
        {
            using var client = app.Admin();
            return await client.CommitAsync(channel, key);
        }));
        Assert.Equal(10, commits.Count(c => c.Status == HttpStatusCode.Created));
        Assert.All(commits.Where(c => c.Status != HttpStatusCode.Created), c => Assert.Equal("blocking_issues", c.ErrorCode));

        await app.DispatchAllAsync();
        var stock = (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0m, stock["on_hand"]!.GetValue<decimal>());
        Assert.Equal(0m, stock["held"]!.GetValue<decimal>());
        var orders = (await admin.GetAsync($"/api/orders?channel_code={channel}&page_size=100")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(10, orders["results"]!.AsArray().Count);
    }
}
