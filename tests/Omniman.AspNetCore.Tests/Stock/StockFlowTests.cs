using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Housekeeping;
using Omniman.Persistence;
using Omniman.Stock;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Stock;

/// <summary>The stock check loop over HTTP: holds, shortages, expiry, abandon, fulfilment (issue 3).</summary>
public abstract class StockFlowTests(OmnimanApp app)
{
    private static JsonObject StockChannel(double? ttlMinutes = null)
    {
        var config = new JsonObject
        {
            ["required_checks_on_commit"] = new JsonArray("stock"),
            ["post_commit_directives"] = new JsonArray("stock.commit"),
        };
        if (ttlMinutes is { } ttl) config["checks"] = new JsonObject { ["stock"] = new JsonObject { ["hold_ttl_minutes"] = ttl } };
        return config;
    }

    private static string NewSku() => $"SKU-{Guid.NewGuid():N}"[..16];

    private static async Task SetStockAsync(ApiClient admin, string sku, decimal onHand, params string[] alternatives)
    {
        var body = new JsonObject { ["on_hand"] = onHand };
        if (alternatives.Length > 0) body["alternatives"] = new JsonArray([.. alternatives.Select(a => (JsonNode)a)]);
        (await admin.PutAsync($"/api/stock/{sku}", body)).Expect(HttpStatusCode.OK);
    }

    private static async Task<JsonNode> StockAsync(ApiClient admin, string sku) =>
        (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json;

    private static async Task<JsonNode> SessionAsync(ApiClient admin, string channel, string key) =>
        (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

    private async Task<(ApiClient Admin, string Channel, string Key)> BasketAsync(string sku, decimal qty, JsonObject? config = null)
    {
        var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("stk", config ?? StockChannel());
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, qty, 100))).Expect(HttpStatusCode.OK);
        return (admin, channel, key);
    }

    [Fact]
    public async Task StockCheck_WritesRevStampedCheckWithHolds_WhenStockIsThere()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 10);
        var (admin, channel, key) = await BasketAsync(sku, 4);
        using var _ = admin;
        await app.DispatchAllAsync();

        var check = (await SessionAsync(admin, channel, key))["data"]!["checks"]!["stock"]!;
        Assert.Equal(1, check["rev"]!.GetValue<int>());
        Assert.Equal("ok", check["status"]!.GetValue<string>());
        var hold = Assert.Single(check["result"]!["holds"]!.AsArray())!;
        Assert.StartsWith("HLD-", hold["hold_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4m, hold["qty"]!.GetValue<decimal>());
        var expires = DateTime.Parse(check["result"]!["hold_expires_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), expires, TimeSpan.FromSeconds(1));
        Assert.Equal(6m, (await StockAsync(admin, sku))["available"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StockCheck_ReplacesEarlierHoldsAndSumsLinesOfOneSku_WhenSessionChanges()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 10);
        var (admin, channel, key) = await BasketAsync(sku, 2);
        using var _ = admin;
        await app.DispatchAllAsync();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 3, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();

        var stock = await StockAsync(admin, sku);
        Assert.Equal(5m, stock["held"]!.GetValue<decimal>());
        var hold = Assert.Single((await SessionAsync(admin, channel, key))["data"]!["checks"]!["stock"]!["result"]!["holds"]!.AsArray())!;
        Assert.Equal(5m, hold["qty"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StockCheck_IsSkipped_WhenSessionMovedOn()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 10);
        var (admin, channel, key) = await BasketAsync(sku, 1);
        using var _ = admin;
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 1, 100))).Expect(HttpStatusCode.OK);
        // Only the first (stale, rev 1) directive runs: it must not write a check or hold anything.
        var first = await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OmnimanDb>();
            return db.Directives.Where(d => d.Topic == "stock.hold").OrderBy(d => d.Id).First();
        });
        await app.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<StockHoldHandler>().HandleAsync(first, default);
            return true;
        });
        var session = await SessionAsync(admin, channel, key);
        Assert.True(session["data"]!["checks"] is null);
        Assert.Equal(0m, (await StockAsync(admin, sku))["held"]!.GetValue<decimal>());
    }

    /// <summary>A basket of 2 of a SKU with none on hand, whose alternative has 5.</summary>
    private async Task<(ApiClient Admin, string Channel, string Key, string Alternative)> ShortBasketWithAlternativeAsync()
    {
        var sku = NewSku();
        var alternative = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 0, alternative);
        await SetStockAsync(setup, alternative, 5);
        var (admin, channel, key) = await BasketAsync(sku, 2);
        return (admin, channel, key, alternative);
    }

    [Fact]
    public async Task Shortage_OffersAlternative_AndResolvingItLetsCommitThrough()
    {
        var (admin, channel, key, alternative) = await ShortBasketWithAlternativeAsync();
        using var _ = admin;
        await app.DispatchAllAsync();

        var issue = (await SessionAsync(admin, channel, key))["data"]!["issues"]![0]!;
        Assert.Equal("out_of_stock", issue["code"]!.GetValue<string>());
        Assert.True(issue["blocking"]!.GetValue<bool>());
        var actions = issue["actions"]!.AsArray();
        Assert.DoesNotContain(actions, a => a!["ops"]![0]!["op"]!.GetValue<string>() == "set_qty");   // nothing left to set
        Assert.Contains(actions, a => a!["ops"]![0]!["op"]!.GetValue<string>() == "remove_line");
        var replace = actions.Single(a => a!["ops"]![0]!["op"]!.GetValue<string>() == "replace_sku")!;
        Assert.Equal(alternative, replace["ops"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).ErrorCode);

        var resolved = (await admin.PostAsync($"/api/sessions/{key}/resolve", new JsonObject
        {
            ["channel_code"] = channel, ["issue_id"] = issue["id"]!.GetValue<string>(), ["action_id"] = replace["id"]!.GetValue<string>(),
        })).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(alternative, resolved["items"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal("missing_check", (await admin.CommitAsync(channel, key)).ErrorCode);   // modify cleared the check; the new one has not landed
        await app.DispatchAllAsync();
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        await app.DispatchAllAsync();
        Assert.Equal(3m, (await StockAsync(admin, alternative))["on_hand"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Shortage_OffersNoAlternative_ThatTheSameBasketHasJustTaken()
    {
        var (admin, channel, key, alternative) = await ShortBasketWithAlternativeAsync();
        using var _ = admin;
        // The same check holds 4 of the alternative's 5 for this basket: 1 is left, not the 2 wanted.
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(alternative, 4, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();

        var issue = Assert.Single((await SessionAsync(admin, channel, key))["data"]!["issues"]!.AsArray())!;
        Assert.Equal("out_of_stock", issue["code"]!.GetValue<string>());
        Assert.DoesNotContain(issue["actions"]!.AsArray(), a => a!["ops"]![0]!["op"]!.GetValue<string>() == "replace_sku");
        Assert.Equal(4m, (await StockAsync(admin, alternative))["held"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task HoldExpired_RequeuesTheCheck_AndCommitSucceedsAfterIt()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 5);
        var (admin, channel, key) = await BasketAsync(sku, 1, StockChannel(ttlMinutes: 0.05));
        using var _ = admin;
        await app.DispatchAllAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(4));

        var commit = await admin.CommitAsync(channel, key, "expired-1");
        Assert.Equal(HttpStatusCode.Conflict, commit.Status);
        Assert.Equal("hold_expired", commit.ErrorCode);
        Assert.Equal(0m, (await StockAsync(admin, sku))["held"]!.GetValue<decimal>());   // expired holds never count
        Assert.Equal(1, await app.DispatchAllAsync());                                     // the fresh check was queued

        (await admin.CommitAsync(channel, key, "expired-1")).Expect(HttpStatusCode.Created);   // same key: a fresh attempt
    }

    [Fact]
    public async Task HoldExpired_TurnsIntoShortage_WhenStockWentMeanwhile()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 1);
        var (admin, channel, key) = await BasketAsync(sku, 1, StockChannel(ttlMinutes: 0.05));
        using var _ = admin;
        await app.DispatchAllAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(4));
        var (other, otherChannel, otherKey) = await BasketAsync(sku, 1);
        using var __ = other;
        await app.DispatchAllAsync();
        (await other.CommitAsync(otherChannel, otherKey)).Expect(HttpStatusCode.Created);

        Assert.Equal("hold_expired", (await admin.CommitAsync(channel, key)).ErrorCode);
        await app.DispatchAllAsync();
        Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).ErrorCode);
        Assert.Equal("out_of_stock", (await SessionAsync(admin, channel, key))["data"]!["issues"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Abandon_ReleasesHolds()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 5);
        var (admin, channel, key) = await BasketAsync(sku, 3);
        using var _ = admin;
        await app.DispatchAllAsync();
        Assert.Equal(3m, (await StockAsync(admin, sku))["held"]!.GetValue<decimal>());

        (await admin.PostAsync($"/api/sessions/{key}/abandon", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.OK);
        var stock = await StockAsync(admin, sku);
        Assert.Equal(0m, stock["held"]!.GetValue<decimal>());
        Assert.Equal(5m, stock["available"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task IdleSessionJob_AbandonsOldSessionsAndReleasesHolds_ButKeepsFreshOnes()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 5);
        var (admin, channel, key) = await BasketAsync(sku, 2);
        using var _ = admin;
        await app.DispatchAllAsync();
        app.Clock.Advance(TimeSpan.FromHours(25));
        var fresh = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        await app.Services.GetRequiredService<HousekeepingRunner>().RunAllAsync(default);

        Assert.Equal("abandoned", (await SessionAsync(admin, channel, key))["state"]!.GetValue<string>());
        Assert.Equal("open", (await SessionAsync(admin, channel, fresh))["state"]!.GetValue<string>());
        Assert.Equal(0m, (await StockAsync(admin, sku))["held"]!.GetValue<decimal>());
    }

    /// <summary>A stock.commit queued before check results were passed under "checks" carries its holds at the top: still fulfilled.</summary>
    [Fact]
    public async Task StockCommit_FulfilsTheHoldsOfAnOlderPayload()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 5);
        var (admin, channel, key) = await BasketAsync(sku, 2);
        using var _ = admin;
        await app.DispatchAllAsync();
        var holds = (await SessionAsync(admin, channel, key))["data"]!["checks"]!["stock"]!["result"]!["holds"]!.DeepClone();
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.ExecuteSqlAsync($"DELETE FROM directives WHERE topic = 'stock.commit' AND correlation = {"order:" + orderRef}");
        await app.EnqueueDirectiveAsync("stock.commit", new JsonObject
        {
            ["order_ref"] = orderRef, ["channel_code"] = channel, ["session_key"] = key, ["holds"] = holds,
        });

        await app.DispatchAllAsync();

        Assert.Equal(3m, (await StockAsync(admin, sku))["on_hand"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StockCommit_FulfilsOnce_WhenRerun()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 5);
        var (admin, channel, key) = await BasketAsync(sku, 2);
        using var _ = admin;
        await app.DispatchAllAsync();
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        await app.DispatchAllAsync();
        Assert.Equal(3m, (await StockAsync(admin, sku))["on_hand"]!.GetValue<decimal>());

        var directive = await app.InScopeAsync(async sp =>
            sp.GetRequiredService<OmnimanDb>().Directives.Where(d => d.Topic == "stock.commit").OrderByDescending(d => d.Id).First());
        await app.InScopeAsync(async sp =>
        {
            // As the dispatcher runs it: the handler stages its writes, the scope's save sends them.
            await sp.GetRequiredService<StockCommitHandler>().HandleAsync(directive, default);
            return await sp.GetRequiredService<OmnimanDb>().SaveChangesAsync();
        });
        var stock = await StockAsync(admin, sku);
        Assert.Equal(3m, stock["on_hand"]!.GetValue<decimal>());
        Assert.Equal(3m, stock["available"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StockCommit_FulfilsAndAppliesOnStockCommit_InTheDirectivesTransaction()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 5);
        var config = StockChannel();
        config["order_flow"] = new JsonObject { ["auto_transitions"] = new JsonObject { ["on_stock_commit"] = "confirmed" } };
        var (admin, channel, key) = await BasketAsync(sku, 2, config);
        using var _ = admin;
        await app.DispatchAllAsync();
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        Assert.Equal(3m, (await StockAsync(admin, sku))["on_hand"]!.GetValue<decimal>());
        Assert.Equal("confirmed", (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task CommittedHolds_DoNotExpire_BeforeStockCommitRuns()
    {
        var sku = NewSku();
        using var setup = app.Admin();
        await SetStockAsync(setup, sku, 2);
        var (admin, channel, key) = await BasketAsync(sku, 2, StockChannel(ttlMinutes: 0.05));
        using var _ = admin;
        await app.DispatchAllAsync();
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(10));   // long past the hold's TTL, stock.commit not yet run

        Assert.Equal(0m, (await StockAsync(admin, sku))["available"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StockEndpoints_SetAdjustAndRefuseBadInput()
    {
        var sku = NewSku();
        using var admin = app.Admin();
        var untracked = await StockAsync(admin, sku);
        Assert.False(untracked["tracked"]!.GetValue<bool>());
        await SetStockAsync(admin, sku, 4);
        var adjusted = (await admin.PostAsync($"/api/stock/{sku}/adjust", new JsonObject { ["delta"] = -1.5, ["reason"] = "breakage" }))
            .Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2.5m, adjusted["on_hand"]!.GetValue<decimal>());
        Assert.Equal("missing_field", (await admin.PostAsync($"/api/stock/{sku}/adjust", new JsonObject { ["delta"] = 1 })).ErrorCode);
        Assert.Equal("validation_error", (await admin.PostAsync($"/api/stock/{sku}/adjust", new JsonObject { ["delta"] = -3, ["reason"] = "x" })).ErrorCode);
        Assert.Equal("validation_error", (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = -1 })).ErrorCode);
        var movements = await app.InScopeAsync(async sp =>
            sp.GetRequiredService<OmnimanDb>().StockMovements.Where(m => m.Sku == sku).OrderBy(m => m.Id).Select(m => m.Reason).ToList());
        Assert.Equal(["set", "breakage"], movements);
        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 1 })).Status);
    }
}

public sealed class SqliteStockFlowTests(SqliteApp app) : StockFlowTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStockFlowTests(PostgresApp app) : StockFlowTests(app), IClassFixture<PostgresApp>;
