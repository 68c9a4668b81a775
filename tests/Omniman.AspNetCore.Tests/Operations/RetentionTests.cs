using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Housekeeping;
using Omniman.Persistence;
using Omniman.Stock;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>Small batches, so a test sees a purge go in several statements and stop at its limit.</summary>
internal static class RetentionTestSettings
{
    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:Retention:Days", "7"),
        new("Omniman:Retention:BatchSize", "2"),
        new("Omniman:Retention:MaxBatchesPerRun", "2"),
    ];
}

public sealed class SqliteRetentionApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => RetentionTestSettings.Values;
}

public sealed class PostgresRetentionApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => RetentionTestSettings.Values;
}

/// <summary>Done directives and ended stock holds go after the retention, in batches; failed work and the audit trail stay (issue #14).</summary>
public abstract class RetentionTests(OmnimanApp app)
{
    private Task RunHousekeepingAsync() => app.Services.GetRequiredService<HousekeepingRunner>().RunAllAsync(default);

    private Task<List<Directive>> DirectivesAsync(string topic) =>
        app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().Directives.AsNoTracking().Where(d => d.Topic == topic).ToListAsync());

    private async Task SetDirectiveAsync(long id, string status, DateTime updatedAt) =>
        await app.ExecuteSqlAsync($"UPDATE directives SET status = {status}, updated_at = {updatedAt} WHERE id = {id}");

    [Fact]
    public async Task DoneDirectives_GoAfterTheRetention_InBatches_FailedAndRecentOnesStay()
    {
        var topic = $"test.retention.{Guid.NewGuid():N}"[..40];
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var ids = new List<long>();
        for (var i = 0; i < 8; i++) ids.Add(await app.EnqueueDirectiveAsync(topic, []));
        foreach (var id in ids.Take(5)) await SetDirectiveAsync(id, "done", now.AddDays(-8));
        await SetDirectiveAsync(ids[5], "failed", now.AddDays(-30));
        await SetDirectiveAsync(ids[6], "done", now.AddDays(-6));
        // ids[7] stays queued.

        await RunHousekeepingAsync();
        // Two batches of two: one of the five is left for the next pass.
        Assert.Single(await DirectivesAsync(topic), d => d.Status == "done" && d.UpdatedAt < now.AddDays(-7));

        await RunHousekeepingAsync();
        Assert.Equal(ids.Skip(5), (await DirectivesAsync(topic)).Select(d => d.Id).Order());
    }

    [Fact]
    public async Task EndedStockHolds_GoAfterTheRetention_TheMovementLogStays()
    {
        using var admin = app.Admin();
        var sku = $"RET-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("ret", new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock"), ["post_commit_directives"] = new JsonArray("stock.commit"),
        });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 1))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 1))).Expect(HttpStatusCode.OK);   // the first hold is released
        await app.DispatchAllAsync();
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        await app.DispatchAllAsync();                                                                // the second is fulfilled
        var other = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, other, Scenario.AddLine(sku, 3))).Expect(HttpStatusCode.OK);

        Task<List<StockHold>> HoldsAsync() =>
            app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().StockHolds.AsNoTracking().Where(h => h.Sku == sku).ToListAsync());
        Assert.Equal(2, (await HoldsAsync()).Count);

        await RunHousekeepingAsync();
        Assert.Equal(2, (await HoldsAsync()).Count);                                                // not old enough yet

        app.Clock.Advance(TimeSpan.FromDays(8));
        await app.DispatchAllAsync();                                                                // the other basket's hold, now
        await RunHousekeepingAsync();

        var left = Assert.Single(await HoldsAsync());
        Assert.Equal(StockHoldStatuses.Active, left.Status);
        var movements = await app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().StockMovements.AsNoTracking().CountAsync(m => m.Sku == sku));
        Assert.Equal(2, movements);                                                                  // set, and the order's commit
    }
}

public sealed class SqliteRetentionTests(SqliteRetentionApp app) : RetentionTests(app), IClassFixture<SqliteRetentionApp>;

public sealed class PostgresRetentionTests(PostgresRetentionApp app) : RetentionTests(app), IClassFixture<PostgresRetentionApp>;
