using Omniman.Channels;

namespace Omniman.Tests.Sessions;

public sealed class PricingPolicyTests
{
    private static readonly Dictionary<string, long> Catalog = new() { ["ESPRESSO"] = 700, ["DECAF"] = 650 };

    [Fact]
    public void AddLine_ThrowsMissingUnitPrice_WhenInternalOpBringsNoPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Internal));

        var ex = Rules.Throws("missing_unit_price_q",
            () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}, {"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", backendPrices: Catalog));

        Assert.Equal("unit_price_q", ex.Context().Text("field"));
        Assert.Equal("ESPRESSO", ex.Context().Text("sku"));
        Assert.Equal(1, ex.Context().Int("op_index"));
        Assert.Empty(session.Items);
    }

    [Fact]
    public void AddLine_UsesPayloadPrice_WhenInternalEvenIfBackendHasOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Internal));

        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 550}]""", backendPrices: Catalog);

        Assert.Equal(550, Assert.Single(session.Items).UnitPriceQ);
    }

    [Fact]
    public void AddLine_UsesBackendPrice_WhenExternal()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 2}]""", backendPrices: Catalog);

        var line = Assert.Single(session.Items);
        Assert.Equal(700, line.UnitPriceQ);
        Assert.Equal(1400, line.LineTotalQ);
    }

    [Fact]
    public void AddLine_RequiresOverride_WhenExternalBackendHasAPriceAndPayloadBringsOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        var ex = Rules.Throws("price_override_required",
            () => session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 1}]""", backendPrices: Catalog));

        Assert.Equal(700, ex.Context()["backend_price_q"]!.GetValue<long>());
        Assert.Empty(session.Items);
    }

    [Fact]
    public void AddLine_RequiresOverride_WhenExternalBackendHasNoPriceAndPayloadBringsOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));

        var ex = Rules.Throws("price_override_required",
            () => session.Apply("""[{"op": "add_line", "sku": "MUFFIN", "qty": 1, "unit_price_q": 900}]""", backendPrices: Catalog));

        Assert.Equal("MUFFIN", ex.Context().Text("sku"));
        Assert.Equal(0, ex.Context().Int("op_index"));
        Assert.Empty(session.Items);
    }

    [Fact]
    public void AddLine_TakesBackendPrice_WhenMixedAndBackendHasOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", backendPrices: Catalog);

        Assert.Equal(700, Assert.Single(session.Items).UnitPriceQ);
        Assert.Equal("catalog:base", session.Items[0].PriceSource);
    }

    [Fact]
    public void AddLine_RequiresOverride_WhenMixedBackendHasAPriceAndPayloadBringsOne()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        Rules.Throws("price_override_required",
            () => session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1, "unit_price_q": 1}]""", backendPrices: Catalog));
    }

    [Fact]
    public void AddLine_FallsBackToPayloadPrice_WhenMixedAndBackendHasNone()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        session.Apply("""[{"op": "add_line", "sku": "MUFFIN", "qty": 1, "unit_price_q": 900}]""", backendPrices: Catalog);

        Assert.Equal(900, Assert.Single(session.Items).UnitPriceQ);
    }

    [Fact]
    public void AddLine_ThrowsPriceNotFound_WhenMixedHasNeitherBackendNorPayloadPrice()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));

        var ex = Rules.Throws("price_not_found", () => session.Apply("""[{"op": "add_line", "sku": "MUFFIN", "qty": 1}]""", backendPrices: Catalog));

        Assert.Equal("MUFFIN", ex.Context().Text("sku"));
    }

    [Fact]
    public void ReplaceSku_TakesBackendPriceOfNewSku_WhenExternal()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 2}]""", backendPrices: Catalog);
        var id = session.Items[0].LineId;

        session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "DECAF"}]""", backendPrices: Catalog);

        var line = Assert.Single(session.Items);
        Assert.Equal(650, line.UnitPriceQ);
        Assert.Equal(1300, line.LineTotalQ);
    }

    [Fact]
    public void ReplaceSku_ThrowsPriceNotFound_WhenExternalBackendHasNoPriceForNewSku()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 2}]""", backendPrices: Catalog);
        var id = session.Items[0].LineId;

        Rules.Throws("price_not_found", () => session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "MUFFIN"}]""", backendPrices: Catalog));

        Assert.Equal("ESPRESSO", Assert.Single(session.Items).Sku);
    }

    [Fact]
    public void ReplaceSku_ThrowsPriceNotFound_WhenMixedNewSkuHasNoPriceAnywhere()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", backendPrices: Catalog);
        var id = session.Items[0].LineId;

        Rules.Throws("price_not_found", () => session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "MUFFIN"}]""", backendPrices: Catalog));
    }

    [Fact]
    public void ReplaceSku_UsesPayloadPrice_WhenMixedBackendHasNone()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.Mixed));
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "qty": 1}]""", backendPrices: Catalog);
        var id = session.Items[0].LineId;

        session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "MUFFIN", "unit_price_q": 900}]""", backendPrices: Catalog);

        Assert.Equal(900, Assert.Single(session.Items).UnitPriceQ);
    }
}
