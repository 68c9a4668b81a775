using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

public sealed class ReplaceSkuOpTests
{
    [Fact]
    public void Parse_ReadsEveryField_WhenAllAreGiven()
    {
        var op = Assert.IsType<ReplaceSkuOp>(Given.Op("""
            {"op": "replace_sku", "line_id": "L-1", "sku": "DECAF", "unit_price_q": 600, "meta": {"swap": true}}
            """));

        Assert.Equal("L-1", op.LineId);
        Assert.Equal("DECAF", op.Sku);
        Assert.Equal(600, op.UnitPriceQ);
        Assert.True(op.Meta!["swap"]!.GetValue<bool>());
        Assert.Equal("DECAF", op.PricedSku);
    }

    [Fact]
    public void Parse_ThrowsMissingField_WhenLineIdIsMissing()
    {
        var ex = Rules.Throws("missing_field", () => Given.Op("""{"op": "replace_sku", "sku": "B"}"""));

        Assert.Equal("line_id", ex.Context().Text("field"));
    }

    [Fact]
    public void Parse_ThrowsMissingSku_WhenSkuIsMissing()
    {
        var ex = Rules.Throws("missing_sku", () => Given.Op("""{"op": "replace_sku", "line_id": "L-1"}""", 2));

        Assert.Equal("sku", ex.Context().Text("field"));
        Assert.Equal(2, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Parse_ThrowsValidationError_WhenUnitPriceIsNegative()
    {
        var ex = Rules.Throws("validation_error", () => Given.Op("""{"op": "replace_sku", "line_id": "L-1", "sku": "B", "unit_price_q": -1}"""));

        Assert.Equal("unit_price_q", ex.Context().Text("field"));
    }

    [Fact]
    public void Modify_SwapsSkuKeepingQtyAndPrice_WhenInternalOpBringsNoPrice()
    {
        var session = Given.Session();
        session.Apply("""[{"op": "add_line", "sku": "ESPRESSO", "name": "Espresso", "qty": 2, "unit_price_q": 550, "meta": {"k": 1}}]""");
        var id = session.Items[0].LineId;

        session.Apply($$"""[{"op": "replace_sku", "line_id": "{{id}}", "sku": "DECAF"}]""");

        var line = Assert.Single(session.Items);
        Assert.Equal(id, line.LineId);
        Assert.Equal("DECAF", line.Sku);
        Assert.Null(line.Name);
        Assert.Equal(2m, line.Qty);
        Assert.Equal(550, line.UnitPriceQ);
        Assert.Equal(1100, line.LineTotalQ);
        Assert.Equal(1, line.Meta!["k"]!.GetValue<int>());
    }

    [Fact]
    public void Modify_TakesPayloadPriceAndMeta_WhenOpBringsThem()
    {
        var session = Given.Session();
        var id = session.AddLine("ESPRESSO", 2, 550);

        session.Apply($$$"""[{"op": "replace_sku", "line_id": "{{{id}}}", "sku": "DOPPIO", "unit_price_q": 800, "meta": {"shots": 2}}]""");

        var line = Assert.Single(session.Items);
        Assert.Equal(800, line.UnitPriceQ);
        Assert.Equal(1600, line.LineTotalQ);
        Assert.Equal(2, line.Meta!["shots"]!.GetValue<int>());
        Assert.Equal(1600, session.TotalQ);
    }

    [Fact]
    public void Modify_ThrowsUnknownLineId_WhenLineIsAbsent()
    {
        var session = Given.Session();

        var ex = Rules.Throws("unknown_line_id", () => session.Apply("""[{"op": "replace_sku", "line_id": "L-NONE", "sku": "B"}]"""));

        Assert.Equal("L-NONE", ex.Context().Text("line_id"));
    }
}
