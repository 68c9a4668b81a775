using Omniman.Channels;
using Omniman.Orders;
using Omniman.Pricing;

namespace Omniman.Tests.Sessions;

public sealed class PricingPolicyTests
{
    private static readonly Dictionary<string, long> Catalog = new() { ["ESPRESSO"] = 700, ["DECAF"] = 650 };

    private static readonly Dictionary<string, PriceQuote> Unlisted = new()
    {
        ["GHOST"] = new PriceQuote(PriceQuoteStatus.ProductNotFound, null, null, "catalog"),
        ["RETIRED"] = new PriceQuote(PriceQuoteStatus.ProductInactive, null, "Retired", "catalog"),
        ["NAMED"] = new PriceQuote(PriceQuoteStatus.Found, 420, "Named in catalog", "catalog:pos"),
    };

    private static readonly ModifyActor Clerk = new("clerk", MayOverridePrices: true);

    private static PricingInputs Quotes(ModifyActor? actor = null) => Given.Inputs(Catalog, quotes: Unlisted, actor: actor);

    [Fact]
    public void AddLine_ThrowsMissingUnitPrice_WhenInternalOpBringsNoPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Internal));

        var ex = Rules.Throws("missing_unit_price_q",
            () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}, {"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", inputs: Quotes()));

        Assert.Equal("unit_price_q", ex.Context().Text("field"));
        Assert.Equal("ESPRESSO", ex.Context().Text("sku"));
        Assert.Equal(1, ex.Context().Int("op_index"));
        Assert.Empty(session.Items);
    }

    [Fact]
    public void AddLine_UsesPayloadPrice_WhenInternalEvenIfBackendHasOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Internal));

        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 550}]""", inputs: Quotes());

        var line = Assert.Single(session.Items);
        Assert.Equal(550, line.UnitPriceQ);
        Assert.Equal("payload", line.PriceSource);
    }

    [Fact]
    public void AddLine_UsesBackendPrice_WhenExternalOpBringsNoPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 2}]""", inputs: Quotes());

        var line = Assert.Single(session.Items);
        Assert.Equal(700, line.UnitPriceQ);
        Assert.Equal(1400, line.LineTotalQ);
        Assert.Equal("catalog", line.PriceSource);
    }

    [Fact]
    public void AddLine_TakesCatalogName_WhenOpBringsNoName()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        session.Apply("""[{"op": "add_line", "sku": "NAMED", "qty": 1}, {"op": "add_line", "sku": "NAMED", "qty": 1, "name": "Mine"}]""", inputs: Quotes());

        Assert.Equal(["Named in catalog", "Mine"], session.Items.Select(l => l.Name));
        Assert.Equal("catalog:pos", session.Items[0].PriceSource);
    }

    [Fact]
    public void AddLine_ThrowsPriceNotFound_WhenExternalBackendHasNoPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        var ex = Rules.Throws("price_not_found", () => session.Apply("""[{"op": "add_line", "sku": "MUFFIN", "qty": 1}]""", inputs: Quotes()));

        Assert.Equal("MUFFIN", ex.Context().Text("sku"));
        Assert.Equal(0, ex.Context().Int("op_index"));
        Assert.Empty(session.Items);
    }

    [Theory]
    [InlineData("ESPRESSO")]
    [InlineData("MUFFIN")]
    public void AddLine_ThrowsPriceOverrideRequired_WhenExternalOpBringsAPriceWithoutOverride(string sku)
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        var ex = Rules.Throws("price_override_required",
            () => session.Apply($$"""[{"op": "add_line", "sku": "{{sku}}", "qty": 1, "unit_price_q": 1}]""", inputs: Quotes()));

        Assert.Equal("unit_price_q", ex.Context().Text("field"));
        Assert.Equal(sku, ex.Context().Text("sku"));
        Assert.Empty(session.Items);
    }

    [Fact]
    public void AddLine_RecordsAuditedOverride_WhenActorMayOverrideBackendPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        session.Apply("""
            [{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 500, "price_override": {"reason": "damaged cup"}}]
            """, inputs: Quotes(Clerk));

        var line = Assert.Single(session.Items);
        Assert.Equal(500, line.UnitPriceQ);
        Assert.Equal("override", line.PriceSource);
        var audit = line.Meta!["price_override"]!;
        Assert.Equal("damaged cup", audit.Text("reason"));
        Assert.Equal(700, audit["previous_q"]!.GetValue<long>());
        Assert.Equal("clerk", audit.Text("actor"));
    }

    [Fact]
    public void AddLine_ThrowsForbidden_WhenActorMayNotOverrideBackendPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        var ex = Rules.Throws("forbidden", () => session.Apply("""
            [{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 500, "price_override": {"reason": "because"}}]
            """, inputs: Quotes(ModifyActor.System)));

        Assert.Equal("price_override", ex.Context().Text("field"));
    }

    [Fact]
    public void Commit_RecordsPriceOverriddenEvent_WhenALineWasOverridden()
    {
        var channel = Given.Channel(PricingPolicies.External);
        var session = Given.Session(channel);
        session.Apply("""
            [{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 500, "price_override": {"reason": "damaged cup"}}]
            """, inputs: Quotes(Clerk));

        var order = Order.FromSession(session, channel, "ORD-1", "BRL", "api", Given.Now);

        var audit = Assert.Single(order.Events, e => e.Type == "price_overridden");
        Assert.Equal("clerk", audit.Actor);
        Assert.Equal(700, audit.Payload["previous_q"]!.GetValue<long>());
        Assert.Equal(500, audit.Payload["new_q"]!.GetValue<long>());
        Assert.Equal("damaged cup", audit.Payload.Text("reason"));
    }

    [Theory]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 5, "price_override": "yes"}""", "validation_error", "price_override")]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 5, "price_override": {}}""", "missing_field", "price_override.reason")]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 5, "price_override": {"reason": " "}}""", "missing_field", "price_override.reason")]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "price_override": {"reason": "x"}}""", "missing_field", "unit_price_q")]
    public void Parse_ThrowsNamingTheField_WhenPriceOverrideIsMalformed(string json, string code, string field)
    {
        var ex = Rules.Throws(code, () => Given.Op(json, 1));

        Assert.Equal(field, ex.Context().Text("field"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData(PricingPolicies.External)]
    [InlineData(PricingPolicies.Mixed)]
    public void AddLine_ThrowsProductInactive_WhenBackendProductIsInactive(string policy)
    {
        var session = Given.Session(Given.Channel(policy));

        var ex = Rules.Throws("product_inactive", () => session.Apply("""[{"op": "add_line", "sku": "RETIRED", "qty": 1, "unit_price_q": 5}]""", inputs: Quotes()));

        Assert.Equal("RETIRED", ex.Context().Text("sku"));
    }

    [Fact]
    public void AddLine_ThrowsProductNotFound_WhenExternalProductIsUnknown()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        var ex = Rules.Throws("product_not_found", () => session.Apply("""[{"op": "add_line", "sku": "GHOST", "qty": 1}]""", inputs: Quotes()));

        Assert.Equal("GHOST", ex.Context().Text("sku"));
    }

    [Fact]
    public void AddLine_UsesBackendPrice_WhenMixedAndBackendHasOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", inputs: Quotes());

        Assert.Equal(700, Assert.Single(session.Items).UnitPriceQ);
    }

    [Fact]
    public void AddLine_ThrowsPriceOverrideRequired_WhenMixedBackendHasAPriceAndOpBringsAnother()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        Rules.Throws("price_override_required", () => session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 1}]""", inputs: Quotes()));
    }

    [Theory]
    [InlineData("MUFFIN")]
    [InlineData("GHOST")]
    public void AddLine_FallsBackToPayloadPrice_WhenMixedAndBackendHasNone(string sku)
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        session.Apply($$"""[{"op": "add_line", "sku": "{{sku}}", "qty": 1, "unit_price_q": 900}]""", inputs: Quotes());

        var line = Assert.Single(session.Items);
        Assert.Equal(900, line.UnitPriceQ);
        Assert.Equal("payload", line.PriceSource);
    }

    [Fact]
    public void AddLine_ThrowsPriceNotFound_WhenMixedHasNeitherBackendNorPayloadPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        var ex = Rules.Throws("price_not_found", () => session.Apply("""[{"op": "add_line", "sku": "MUFFIN", "qty": 1}]""", inputs: Quotes()));

        Assert.Equal("MUFFIN", ex.Context().Text("sku"));
    }

    [Fact]
    public void ReplaceSku_TakesBackendPriceOfNewSku_WhenExternal()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 2}]""", inputs: Quotes());
        var id = session.Items[0].LineId;

        session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "DECAF"}]""", inputs: Quotes());

        var line = Assert.Single(session.Items);
        Assert.Equal(650, line.UnitPriceQ);
        Assert.Equal(1300, line.LineTotalQ);
    }

    [Fact]
    public void ReplaceSku_ThrowsPriceNotFound_WhenExternalBackendHasNoPriceForNewSku()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 2}]""", inputs: Quotes());
        var id = session.Items[0].LineId;

        Rules.Throws("price_not_found", () => session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "MUFFIN"}]""", inputs: Quotes()));

        Assert.Equal("ESPRESSO", Assert.Single(session.Items).Sku);
    }

    [Fact]
    public void ReplaceSku_ThrowsPriceNotFound_WhenMixedNewSkuHasNoPriceAnywhere()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", inputs: Quotes());
        var id = session.Items[0].LineId;

        Rules.Throws("price_not_found", () => session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "MUFFIN"}]""", inputs: Quotes()));
    }

    [Fact]
    public void ReplaceSku_UsesPayloadPrice_WhenMixedBackendHasNone()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", inputs: Quotes());
        var id = session.Items[0].LineId;

        session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "MUFFIN", "unit_price_q": 900}]""", inputs: Quotes());

        Assert.Equal(900, Assert.Single(session.Items).UnitPriceQ);
    }
}
