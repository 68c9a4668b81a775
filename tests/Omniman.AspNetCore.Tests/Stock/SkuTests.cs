using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Stock;

/// <summary>The app over real Kestrel sockets: only a real server sets the raw request target that SKU routes read.</summary>
public sealed class KestrelSqliteApp : SqliteApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
    }
}

/// <summary>The app over real Kestrel sockets, on PostgreSQL.</summary>
public sealed class KestrelPostgresApp : PostgresApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
    }
}

/// <summary>
/// Every SKU a line can carry can be stocked, priced, held and committed, addressed by its escaped
/// path segment; SKUs that no URL or column can hold are refused up front, naming the field; lengths
/// count code points.
/// </summary>
public abstract class SkuTests(OmnimanApp app)
{
    private static readonly string Emoji = "😀";

    private static string Emojis(int count) => string.Concat(Enumerable.Repeat(Emoji, count));

    private static string Path(string resource, string sku) => $"/api/{resource}/{Uri.EscapeDataString(sku)}";

    private static JsonObject StockChannel() => new()
    {
        ["required_checks_on_commit"] = new JsonArray("stock"),
        ["post_commit_directives"] = new JsonArray("stock.commit"),
    };

    private ApiClient Admin()
    {
        var admin = app.Admin();
        // A real socket: the in-memory server answers on http://localhost/ (port 80) and sets no raw target.
        Assert.NotEqual(80, admin.Http.BaseAddress!.Port);
        return admin;
    }

    private static void AssertRefused(ApiResponse response, string field, string code = "validation_error")
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        Assert.Equal(code, response.ErrorCode);
        Assert.Equal(field, response.Json["error"]!["context"]!["field"]?.GetValue<string>());
    }

    /// <summary>SKUs with a slash, a percent sign, a literal escape, a space, Cyrillic and Chinese letters, URL delimiters.</summary>
    private static readonly string[] Skus = ["A/B", "50%", "X%2FY", "caneca azul", "кружка", "杯子", "a+b?c#d&e"];

    [Fact]
    public async Task Skus_AreStockedPricedHeldAndCommitted_WhateverTheirCharacters()
    {
        using var admin = Admin();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var skus = Skus.Select(s => $"{s} {tag}").ToArray();
        foreach (var sku in skus)
        {
            var stocked = (await admin.PutAsync(Path("stock", sku), new JsonObject { ["on_hand"] = 5 })).Expect(HttpStatusCode.OK).Json;
            Assert.Equal(sku, stocked.Get<string>("sku"));
            var product = (await admin.PutAsync(Path("products", sku), new JsonObject { ["name"] = $"Mug {sku}", ["price_q"] = 700 }))
                .Expect(HttpStatusCode.Created);
            Assert.Equal(Path("products", sku), product.Headers.Location!.OriginalString);
            Assert.Equal(sku, (await admin.GetAsync(product.Headers.Location.OriginalString)).Expect(HttpStatusCode.OK).Json.Get<string>("sku"));
        }

        var channel = await admin.CreateChannelAsync("sku", StockChannel(), pricingPolicy: "external");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        var session = (await admin.ModifyAsync(channel, key, [.. skus.Select(s => Scenario.AddLine(s, 2, null))])).Expect(HttpStatusCode.OK).Json;
        Assert.All(session.Array("items"), line => Assert.Equal(700, line.Get<long>("unit_price_q")));
        await app.DispatchAllAsync();
        foreach (var sku in skus)
            Assert.True((await admin.GetAsync(Path("stock", sku))).Expect(HttpStatusCode.OK).Json.Get<decimal>("held") == 2m, $"{sku} is not held");

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
        await app.DispatchAllAsync();

        foreach (var sku in skus)
        {
            var after = (await admin.GetAsync(Path("stock", sku))).Expect(HttpStatusCode.OK).Json;
            Assert.Equal((sku, 3m, 0m), (after.Get<string>("sku"), after.Get<decimal>("on_hand"), after.Get<decimal>("held")));
            var adjusted = (await admin.PostAsync(Path("stock", sku) + "/adjust", new JsonObject { ["delta"] = -1, ["reason"] = "broken" }))
                .Expect(HttpStatusCode.OK).Json;
            Assert.Equal(2m, adjusted.Get<decimal>("on_hand"));
        }
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(skus, order.Array("items").Select(i => i.Get<string>("sku")));
    }

    [Fact]
    public async Task EscapedSlash_AndEscapedPercentSign_AddressDifferentSkus()
    {
        using var admin = Admin();
        var tag = Guid.NewGuid().ToString("N")[..8];
        (await admin.PutAsync($"/api/stock/{tag}%2FB", new JsonObject { ["on_hand"] = 1 })).Expect(HttpStatusCode.OK);
        (await admin.PutAsync($"/api/stock/{tag}%252FB", new JsonObject { ["on_hand"] = 2 })).Expect(HttpStatusCode.OK);

        var slash = (await admin.GetAsync($"/api/stock/{tag}%2fB")).Expect(HttpStatusCode.OK).Json;
        var percent = (await admin.GetAsync($"/api/stock/{tag}%252FB")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(($"{tag}/B", 1m), (slash.Get<string>("sku"), slash.Get<decimal>("on_hand")));
        Assert.Equal(($"{tag}%2FB", 2m), (percent.Get<string>("sku"), percent.Get<decimal>("on_hand")));
    }

    /// <summary>A promotion code with '/' or '%' answers a Location that works, as SKUs do.</summary>
    [Fact]
    public async Task PromotionCodes_WithSlashOrPercent_AreAddressableByTheirLocation()
    {
        using var admin = Admin();
        var code = $"{Guid.NewGuid().ToString("N")[..6]}/10%";

        var created = (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = code, ["percent_off"] = 10 })).Expect(HttpStatusCode.Created);
        var location = created.Headers.Location!.OriginalString;

        Assert.Equal(code, (await admin.GetAsync(location)).Expect(HttpStatusCode.OK).Json.Get<string>("code"));
        (await admin.DeleteAsync(location)).Expect(HttpStatusCode.NoContent);
        (await admin.GetAsync(location)).Expect(HttpStatusCode.NotFound);
    }

    public static TheoryData<string> UnprintableSkus() => ["\0", "a\0b", "a\u0001b", "tab\tbed", "del\u007F", "x\u0085", "zero\u200Bwidth", "\u202Eevil", "\uFEFFbom"];

    [Theory]
    [MemberData(nameof(UnprintableSkus))]
    public async Task UnprintableSku_IsRefusedNamingTheField_InOpsStockProductsAndPromotions(string sku)
    {
        using var admin = Admin();
        var channel = await admin.CreateChannelAsync("bad", pricingPolicy: "mixed");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        AssertRefused(await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 1, 100)), "sku");
        var line = (await admin.ModifyAsync(channel, key, Scenario.AddLine("GOOD", 1, 100))).Expect(HttpStatusCode.OK).Json.Array("items")[0];
        AssertRefused(await admin.ModifyAsync(channel, key, Ops.ReplaceSku(line.Get<string>("line_id"), sku, 100)), "sku");

        AssertRefused(await admin.PutAsync("/api/stock/GOOD", new JsonObject { ["on_hand"] = 1, ["alternatives"] = new JsonArray(sku) }), "alternatives");
        AssertRefused(await admin.PostAsync("/api/promotions", new JsonObject
        {
            ["code"] = $"P{Guid.NewGuid():N}"[..12], ["percent_off"] = 5, ["skus"] = new JsonArray(sku),
        }), "skus");
        // A NUL cannot travel in a URL path (Kestrel refuses it before any route): the other characters can.
        if (!sku.Contains('\0', StringComparison.Ordinal))
        {
            AssertRefused(await admin.PutAsync(Path("stock", sku), new JsonObject { ["on_hand"] = 1 }), "sku");
            AssertRefused(await admin.PostAsync(Path("stock", sku) + "/adjust", new JsonObject { ["delta"] = 1, ["reason"] = "x" }), "sku");
            AssertRefused(await admin.PutAsync(Path("products", sku), new JsonObject { ["name"] = "n", ["price_q"] = 1 }), "sku");
            AssertRefused(await admin.GetAsync(Path("products", sku)), "sku");
        }
        Assert.Equal(1, (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json.Get<int>("rev"));
    }

    [Fact]
    public async Task NulSku_IsRefusedBeforeThePriceCacheSeesIt()
    {
        using var admin = Admin();
        var channel = await admin.CreateChannelAsync("nul", pricingPolicy: "external");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        var logged = app.Log.Lines.Count;

        var response = await admin.ModifyAsync(channel, key, Scenario.AddLine("N\0UL", 1, null));

        Assert.DoesNotContain(app.Log.Lines.Skip(logged), line => line.Contains("Caching.Hybrid", StringComparison.Ordinal));
        AssertRefused(response, "sku");
    }

    [Fact]
    public async Task DotSegments_AreRefusedAsSkus_SinceNoPathCouldAddressThem()
    {
        using var admin = Admin();
        var channel = await admin.CreateChannelAsync("dot");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        AssertRefused(await admin.ModifyAsync(channel, key, Scenario.AddLine("..", 1, 100)), "sku");
        AssertRefused(await admin.ModifyAsync(channel, key, Scenario.AddLine(".", 1, 100)), "sku");
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("...", 1, 100))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SkuLength_CountsCodePoints_64EmojiFitEverywhere_65DoNot()
    {
        using var admin = Admin();
        var fits = Emojis(63) + Guid.NewGuid().ToString("N")[..1];   // 64 code points, 127 UTF-16 units
        var tooLong = Emojis(65);
        (await admin.PutAsync(Path("stock", fits), new JsonObject { ["on_hand"] = 3 })).Expect(HttpStatusCode.OK);
        Assert.True((await admin.PutAsync(Path("products", fits), new JsonObject { ["name"] = "n", ["price_q"] = 1 })).Status
            is HttpStatusCode.Created or HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("emo", StockChannel());
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(fits, 1, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
        await app.DispatchAllAsync();
        Assert.Equal(fits, (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json.Array("items")[0].Get<string>("sku"));
        Assert.Equal(2m, (await admin.GetAsync(Path("stock", fits))).Expect(HttpStatusCode.OK).Json.Get<decimal>("on_hand"));

        var other = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        var refused = await admin.ModifyAsync(channel, other, Scenario.AddLine(tooLong, 1, 100));
        AssertRefused(refused, "sku");
        Assert.Contains("Unicode code points", refused.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertRefused(await admin.PutAsync(Path("stock", tooLong), new JsonObject { ["on_hand"] = 1 }), "sku");
        AssertRefused(await admin.PutAsync(Path("products", tooLong), new JsonObject { ["name"] = "n", ["price_q"] = 1 }), "sku");
    }

    [Fact]
    public async Task NameLength_CountsCodePoints_200EmojiFit_201DoNot()
    {
        using var admin = Admin();
        var channel = await admin.CreateChannelAsync("nam");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        (await admin.ModifyAsync(channel, key, Ops.AddLine("NAMED", 1, 100, name: Emojis(200)))).Expect(HttpStatusCode.OK);
        AssertRefused(await admin.ModifyAsync(channel, key, Ops.AddLine("NAMED", 1, 100, name: Emojis(201))), "name");
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
        Assert.Equal(Emojis(200), (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json.Array("items")[0].Get<string>("name"));

        var code = $"emo-{Guid.NewGuid():N}"[..12];
        (await admin.PostAsync("/api/channels", new JsonObject { ["code"] = code, ["name"] = Emojis(200) })).Expect(HttpStatusCode.Created);
        AssertRefused(await admin.PostAsync("/api/channels", new JsonObject { ["code"] = code + "x", ["name"] = Emojis(201) }), "name");
        (await admin.PutAsync(Path("products", "EMOJI-NAME"), new JsonObject { ["name"] = Emojis(200), ["price_q"] = 1 })).Expect(HttpStatusCode.Created);
        AssertRefused(await admin.PutAsync(Path("products", "EMOJI-NAME"), new JsonObject { ["name"] = Emojis(201), ["price_q"] = 1 }), "name");
    }
}

public sealed class SqliteSkuTests(KestrelSqliteApp app) : SkuTests(app), IClassFixture<KestrelSqliteApp>;

public sealed class PostgresSkuTests(KestrelPostgresApp app) : SkuTests(app), IClassFixture<KestrelPostgresApp>;
