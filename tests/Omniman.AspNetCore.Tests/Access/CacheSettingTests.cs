using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>Per-process caches switched off: keys and channels are read on every request.</summary>
internal static class NoCacheSettings
{
    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:Auth:CacheSeconds", "0"),
        new("Omniman:ChannelCacheSeconds", "0"),
        new("Omniman:Pricing:CacheSeconds", "0"),
    ];
}

public sealed class SqliteNoCacheApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => NoCacheSettings.Values;
}

public sealed class PostgresNoCacheApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => NoCacheSettings.Values;
}

/// <summary>A cache time of 0 means no caching, not a server error on every request.</summary>
public abstract class CacheSettingTests(OmnimanApp app)
{
    [Fact]
    public async Task SessionsWork_WhenChannelsAndKeysAreNotCached()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("nocache");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");

        (await admin.ModifyAsync(channel, key, Ops.AddLine("A", 2, 150))).Expect(HttpStatusCode.OK);
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CatalogPrices_CountAtOnce_WhenPricesAreNotCached()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("nocachep", pricingPolicy: "external");
        var sku = $"NC-{Guid.NewGuid():N}"[..12];
        (await admin.PutAsync($"/api/products/{sku}", new System.Text.Json.Nodes.JsonObject { ["name"] = "Tea", ["price_q"] = 300, ["is_active"] = true }))
            .Expect(HttpStatusCode.Created);
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");

        var first = (await admin.ModifyAsync(channel, key, Ops.AddLine(sku, 1, null))).Expect(HttpStatusCode.OK).Json;
        (await admin.PutAsync($"/api/products/{sku}", new System.Text.Json.Nodes.JsonObject { ["name"] = "Tea", ["price_q"] = 450, ["is_active"] = true }))
            .Expect(HttpStatusCode.OK);
        var second = (await admin.ModifyAsync(channel, key, Ops.AddLine(sku, 1, null))).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(300, first.Array("items")[0].Get<long>("unit_price_q"));
        Assert.Equal(450, second.Array("items")[1].Get<long>("unit_price_q"));
    }
}

public sealed class SqliteCacheSettingTests(SqliteNoCacheApp app) : CacheSettingTests(app), IClassFixture<SqliteNoCacheApp>;

public sealed class PostgresCacheSettingTests(PostgresNoCacheApp app) : CacheSettingTests(app), IClassFixture<PostgresNoCacheApp>;
