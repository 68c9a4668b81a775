using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

/// <summary>A promotion's usage limit under concurrent commits on PostgreSQL (issue 4).</summary>
public sealed class PromotionConcurrencyTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task ConcurrentCommits_NeverUseAPromotionMoreThanItsLimit()
    {
        using var admin = app.Admin();
        var code = $"RUSH{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = code, ["percent_off"] = 20, ["usage_limit"] = 3 }))
            .Expect(HttpStatusCode.Created);
        var channel = await admin.CreateChannelAsync("promo");
        var keys = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
            (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 1, 1000),
                new JsonObject { ["op"] = "set_data", ["path"] = "coupon.code", ["value"] = code })).Expect(HttpStatusCode.OK);
            keys.Add(key);
        }

        var results = await Task.WhenAll(keys.Select(async key =>
        {
            using var client = app.Admin();
            return await client.CommitAsync(channel, key);
        }));

        Assert.Equal(3, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal("coupon_unavailable", r.ErrorCode));
        var promotion = (await admin.GetAsync("/api/promotions?page_size=100")).Json["results"]!.AsArray()
            .Single(p => p!["code"]!.GetValue<string>() == code)!;
        Assert.Equal(3, promotion["usage_count"]!.GetValue<int>());
    }
}
