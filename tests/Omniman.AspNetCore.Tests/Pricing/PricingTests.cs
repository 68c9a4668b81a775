using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Pricing;

/// <summary>Spec §8 over HTTP: the three policies, the catalog, promotions, audited overrides (issue 4).</summary>
public abstract class PricingTests(OmnimanApp app)
{
    private static string NewSku() => $"P-{Guid.NewGuid():N}"[..14];

    private static async Task ProductAsync(ApiClient admin, string sku, long price, bool active = true, JsonObject? channelPrices = null, string? name = null)
    {
        var response = await admin.PutAsync($"/api/products/{sku}", new JsonObject
        {
            ["name"] = name ?? $"Product {sku}", ["price_q"] = price, ["is_active"] = active, ["channel_prices"] = channelPrices ?? [],
        });
        Assert.True(response.Status is HttpStatusCode.Created or HttpStatusCode.OK, response.Raw);
    }

    private async Task<(ApiClient Admin, string Channel, string Key)> SessionAsync(string policy)
    {
        var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("pr", pricingPolicy: policy);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        return (admin, channel, key);
    }

    private static JsonObject Add(string sku, decimal qty = 1, long? price = null, string? overrideReason = null)
    {
        var op = Scenario.AddLine(sku, qty, price);
        if (overrideReason is not null) op["price_override"] = new JsonObject { ["reason"] = overrideReason };
        return op;
    }

    private static JsonObject Coupon(string code) => new() { ["op"] = "set_data", ["path"] = "coupon.code", ["value"] = code };

    private static async Task<string> PromotionAsync(ApiClient admin, JsonObject terms)
    {
        var code = $"PROMO{Guid.NewGuid():N}"[..13].ToUpperInvariant();
        terms["code"] = code;
        (await admin.PostAsync("/api/promotions", terms)).Expect(HttpStatusCode.Created);
        return code;
    }

    [Fact]
    public async Task External_TakesCatalogPriceAndName_AndChannelPriceBeatsBase()
    {
        var (admin, channel, key) = await SessionAsync("external");
        using var _ = admin;
        var plain = NewSku();
        var special = NewSku();
        await ProductAsync(admin, plain, 1200, name: "Flat white");
        await ProductAsync(admin, special, 1000, channelPrices: new JsonObject { [channel] = 850, ["other"] = 1 });

        var session = (await admin.ModifyAsync(channel, key, Add(plain, 2), Add(special))).Expect(HttpStatusCode.OK).Json;
        var items = session["items"]!.AsArray();
        Assert.Equal(1200, items[0]!["unit_price_q"]!.GetValue<long>());
        Assert.Equal("Flat white", items[0]!["name"]!.GetValue<string>());
        Assert.Equal("catalog:base", items[0]!["price_source"]!.GetValue<string>());
        Assert.Equal(850, items[1]!["unit_price_q"]!.GetValue<long>());
        Assert.Equal($"catalog:channel:{channel}", items[1]!["price_source"]!.GetValue<string>());
        Assert.Equal(2400 + 850, session["total_q"]!.GetValue<long>());
        var trace = session["pricing"]!["trace"]!.AsArray();
        Assert.Equal(["catalog:base", $"catalog:channel:{channel}"], trace.Select(t => t!["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task External_RefusesUnknownInactiveAndUnauditedPayloadPrices()
    {
        var (admin, channel, key) = await SessionAsync("external");
        using var _ = admin;
        var inactive = NewSku();
        var known = NewSku();
        await ProductAsync(admin, inactive, 500, active: false);
        await ProductAsync(admin, known, 500);

        Assert.Equal("product_not_found", (await admin.ModifyAsync(channel, key, Add(NewSku()))).ErrorCode);
        Assert.Equal("product_inactive", (await admin.ModifyAsync(channel, key, Add(inactive))).ErrorCode);
        var unaudited = await admin.ModifyAsync(channel, key, Add(known, price: 1));
        Assert.Equal(HttpStatusCode.BadRequest, unaudited.Status);
        Assert.Equal("price_override_required", unaudited.ErrorCode);
        Assert.Equal("missing_field", (await admin.ModifyAsync(channel, key, Add(known, price: 1, overrideReason: " "))).ErrorCode);
    }

    [Fact]
    public async Task Internal_NeedsPayloadPrice_ButTakesCatalogName()
    {
        var (admin, channel, key) = await SessionAsync("internal");
        using var _ = admin;
        var sku = NewSku();
        await ProductAsync(admin, sku, 999, name: "Pão de queijo");
        Assert.Equal("missing_unit_price_q", (await admin.ModifyAsync(channel, key, Add(sku))).ErrorCode);
        var line = (await admin.ModifyAsync(channel, key, Add(sku, price: 450))).Expect(HttpStatusCode.OK).Json["items"]![0]!;
        Assert.Equal(450, line["unit_price_q"]!.GetValue<long>());
        Assert.Equal("Pão de queijo", line["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mixed_UsesCatalogWhereItHasAPrice_ElseThePayload_ElsePriceNotFound()
    {
        var (admin, channel, key) = await SessionAsync("mixed");
        using var _ = admin;
        var known = NewSku();
        await ProductAsync(admin, known, 700);
        var session = (await admin.ModifyAsync(channel, key, Add(known), Add(NewSku(), price: 300))).Expect(HttpStatusCode.OK).Json;
        Assert.Equal([700L, 300L], session["items"]!.AsArray().Select(i => i!["unit_price_q"]!.GetValue<long>()));
        Assert.Equal("price_not_found", (await admin.ModifyAsync(channel, key, Add(NewSku()))).ErrorCode);
        Assert.Equal("price_override_required", (await admin.ModifyAsync(channel, key, Add(known, price: 1))).ErrorCode);
    }

    [Fact]
    public async Task CatalogChange_IsSeenAtOnce_DespiteThePriceCache()
    {
        var (admin, channel, key) = await SessionAsync("external");
        using var _ = admin;
        var sku = NewSku();
        await ProductAsync(admin, sku, 1000);
        (await admin.ModifyAsync(channel, key, Add(sku))).Expect(HttpStatusCode.OK);   // now cached
        await ProductAsync(admin, sku, 1500);
        var session = (await admin.ModifyAsync(channel, key, Add(sku))).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(1500, session["items"]![1]!["unit_price_q"]!.GetValue<long>());
        await ProductAsync(admin, sku, 1500, active: false);
        Assert.Equal("product_inactive", (await admin.ModifyAsync(channel, key, Add(sku))).ErrorCode);
    }

    [Fact]
    public async Task Override_IsAuditedOnTheOrder_WithActorOldAndNewPrice()
    {
        var (admin, channel, key) = await SessionAsync("external");
        using var _ = admin;
        var sku = NewSku();
        await ProductAsync(admin, sku, 2000);
        var line = (await admin.ModifyAsync(channel, key, Add(sku, price: 1500, overrideReason: "damaged box"))).Expect(HttpStatusCode.OK).Json["items"]![0]!;
        Assert.Equal(1500, line["unit_price_q"]!.GetValue<long>());
        Assert.Equal("override", line["price_source"]!.GetValue<string>());
        Assert.Equal("damaged box", line["meta"]!["price_override"]!["reason"]!.GetValue<string>());

        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        var audit = Assert.Single(order["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "price_overridden")!;
        Assert.Equal("bootstrap", audit["actor"]!.GetValue<string>());
        Assert.Equal(2000, audit["payload"]!["previous_q"]!.GetValue<long>());
        Assert.Equal(1500, audit["payload"]!["new_q"]!.GetValue<long>());
        Assert.Equal("damaged box", audit["payload"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Override_IsForbidden_WithoutOrdersWriteScope()
    {
        var channel = await CreateExternalChannelAsync();
        var sku = NewSku();
        using var admin = app.Admin();
        await ProductAsync(admin, sku, 2000);
        using var clerk = app.Client(await app.CreateKeyAsync("clerk", ["sessions:read", "sessions:write"]));
        var key = (await clerk.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        var refused = await clerk.ModifyAsync(channel, key, Add(sku, price: 1, overrideReason: "friend"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("forbidden", refused.ErrorCode);
        (await clerk.ModifyAsync(channel, key, Add(sku))).Expect(HttpStatusCode.OK);
    }

    private async Task<string> CreateExternalChannelAsync()
    {
        using var admin = app.Admin();
        return await admin.CreateChannelAsync("pr", pricingPolicy: "external");
    }

    [Fact]
    public async Task Promotion_PercentOff_OnlyOnItsSkus_AndOrderTotalEqualsSessionTotal()
    {
        var (admin, channel, key) = await SessionAsync("internal");
        using var _ = admin;
        var code = await PromotionAsync(admin, new JsonObject { ["percent_off"] = 15, ["skus"] = new JsonArray("TEA") });
        var session = (await admin.ModifyAsync(channel, key, Add("TEA", 3, 333), Add("CAKE", 1, 1000), Coupon(code))).Expect(HttpStatusCode.OK).Json;
        var pricing = session["pricing"]!;
        Assert.Equal(1999, pricing["subtotal_q"]!.GetValue<long>());
        Assert.Equal(150, pricing["discount_q"]!.GetValue<long>());   // 15% of 999 = 149.85
        Assert.Equal(1849, session["total_q"]!.GetValue<long>());
        Assert.Contains(pricing["trace"]!.AsArray(), t => t!["promotion"]?.GetValue<string>() == code);

        var commit = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json;
        Assert.Equal(1849, commit["total_q"]!.GetValue<long>());
        var order = (await admin.GetAsync($"/api/orders/{commit["order_ref"]!.GetValue<string>()}")).Json;
        Assert.Equal(1849, order["total_q"]!.GetValue<long>());
        Assert.Equal(150, order["snapshot"]!["pricing"]!["discount_q"]!.GetValue<long>());
    }

    [Fact]
    public async Task Promotion_AmountOff_NeverExceedsTheItems()
    {
        var (admin, channel, key) = await SessionAsync("internal");
        using var _ = admin;
        var code = await PromotionAsync(admin, new JsonObject { ["amount_off_q"] = 5000 });
        var session = (await admin.ModifyAsync(channel, key, Add("A", 1, 1200), Coupon(code))).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(1200, session["pricing"]!["discount_q"]!.GetValue<long>());
        Assert.Equal(0, session["total_q"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("expired")]
    [InlineData("not_yet")]
    [InlineData("min_subtotal")]
    [InlineData("no_matching_sku")]
    public async Task Promotion_RaisesNonBlockingInvalidCoupon_AndNoDiscount_WhenItCannotApply(string why)
    {
        var (admin, channel, key) = await SessionAsync("internal");
        using var _ = admin;
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var code = why switch
        {
            "unknown" => "NOSUCHCODE",
            "expired" => await PromotionAsync(admin, new JsonObject { ["percent_off"] = 10, ["valid_until"] = now.AddMinutes(-1) }),
            "not_yet" => await PromotionAsync(admin, new JsonObject { ["percent_off"] = 10, ["valid_from"] = now.AddDays(1) }),
            "min_subtotal" => await PromotionAsync(admin, new JsonObject { ["percent_off"] = 10, ["min_subtotal_q"] = 10_000 }),
            _ => await PromotionAsync(admin, new JsonObject { ["percent_off"] = 10, ["skus"] = new JsonArray("OTHER") }),
        };
        var session = (await admin.ModifyAsync(channel, key, Add("A", 1, 1000), Coupon(code))).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0, session["pricing"]!["discount_q"]!.GetValue<long>());
        var issue = Assert.Single(session["data"]!["issues"]!.AsArray())!;
        Assert.Equal("invalid_coupon", issue["code"]!.GetValue<string>());
        Assert.False(issue["blocking"]!.GetValue<bool>());
        Assert.Equal(code, issue["context"]!["code"]!.GetValue<string>());
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);   // non-blocking
    }

    [Fact]
    public async Task Promotion_UsageLimit_CountsAtCommit_AndRefusesTheNextOrder()
    {
        using var admin = app.Admin();
        var code = await PromotionAsync(admin, new JsonObject { ["percent_off"] = 10, ["usage_limit"] = 1 });
        var channel = await admin.CreateChannelAsync("pr");
        var first = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        var second = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, first, Add("A", 1, 1000), Coupon(code))).Expect(HttpStatusCode.OK);
        (await admin.ModifyAsync(channel, second, Add("A", 1, 1000), Coupon(code))).Expect(HttpStatusCode.OK);

        (await admin.CommitAsync(channel, first)).Expect(HttpStatusCode.Created);
        var refused = await admin.CommitAsync(channel, second);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("coupon_unavailable", refused.ErrorCode);
        var promotions = (await admin.GetAsync("/api/promotions?page_size=100")).Json["results"]!.AsArray();
        Assert.Equal(1, promotions.Single(p => p!["code"]!.GetValue<string>() == code)!["usage_count"]!.GetValue<int>());

        // Re-pricing the second session shows why and lets it commit without the coupon.
        var repriced = (await admin.ModifyAsync(channel, second, new JsonObject { ["op"] = "set_data", ["path"] = "note", ["value"] = "x" })).Json;
        Assert.Equal("invalid_coupon", repriced["data"]!["issues"]![0]!["code"]!.GetValue<string>());
        (await admin.CommitAsync(channel, second)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Promotions_AdminCrud_AndValidation()
    {
        using var admin = app.Admin();
        var code = await PromotionAsync(admin, new JsonObject { ["amount_off_q"] = 100 });
        Assert.Equal("promotion_exists", (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = code, ["amount_off_q"] = 1 })).ErrorCode);
        Assert.Equal("validation_error", (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = "BOTH", ["amount_off_q"] = 1, ["percent_off"] = 5 })).ErrorCode);
        Assert.Equal("validation_error", (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = "BIG", ["percent_off"] = 120 })).ErrorCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/promotions/{code}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/promotions/{code}")).Status);
        using var clerk = app.Client(await app.CreateKeyAsync("clerk2", ["sessions:write"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync("/api/promotions", new JsonObject { ["code"] = "X", ["amount_off_q"] = 1 })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsync("/api/products/X", new JsonObject { ["name"] = "x", ["price_q"] = 1 })).Status);
    }

    [Fact]
    public async Task Products_ReadBackAndValidate()
    {
        using var admin = app.Admin();
        var sku = NewSku();
        (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Mug", ["price_q"] = 2500 })).Expect(HttpStatusCode.Created);
        (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Mug", ["price_q"] = 2600 })).Expect(HttpStatusCode.OK);
        var product = (await admin.GetAsync($"/api/products/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2600, product["price_q"]!.GetValue<long>());
        Assert.True(product["is_active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/products/{NewSku()}")).Status);
        Assert.Equal("missing_field", (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Mug" })).ErrorCode);
        Assert.Equal("validation_error", (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Mug", ["price_q"] = -1 })).ErrorCode);
    }
}

public sealed class SqlitePricingTests(SqliteApp app) : PricingTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPricingTests(PostgresApp app) : PricingTests(app), IClassFixture<PostgresApp>;
