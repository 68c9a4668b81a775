using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

/// <summary>A SKU's first stock level, written by several requests at once on PostgreSQL.</summary>
public sealed class StockLevelConcurrencyTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task ConcurrentAdjustmentsOfANewSku_AllLand_OnOneLevel()
    {
        var sku = $"NEW-{Guid.NewGuid():N}"[..16];
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var client = app.Admin();
            return await client.PostAsync($"/api/stock/{sku}/adjust", new JsonObject { ["delta"] = 5, ["reason"] = "delivery" });
        }));

        Assert.All(results, r => r.Expect(HttpStatusCode.OK));
        using var admin = app.Admin();
        Assert.Equal(60m, (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json["on_hand"]!.GetValue<decimal>());
    }
}
