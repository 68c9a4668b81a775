using Omniman.Common;
using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

public sealed class AddLineOpTests
{
    [Fact]
    public void Parse_ReadsEveryField_WhenAllAreGiven()
    {
        var op = Assert.IsType<AddLineOp>(Given.Op("""
            {"op": "add_line", "sku": "ESPRESSO", "qty": 1.5, "name": "Espresso", "unit_price_q": 550, "meta": {"notes": "no sugar"}}
            """, 3));

        Assert.Equal(3, op.Index);
        Assert.Equal("ESPRESSO", op.Sku);
        Assert.Equal(1.5m, op.Qty);
        Assert.Equal("Espresso", op.Name);
        Assert.Equal(550, op.UnitPriceQ);
        Assert.Equal("no sugar", op.Meta.Text("notes"));
        Assert.Equal("ESPRESSO", op.PricedSku);
    }

    [Fact]
    public void Parse_LeavesOptionalFieldsNull_WhenOnlySkuAndQtyAreGiven()
    {
        var op = Assert.IsType<AddLineOp>(Given.Op("""{"op": "add_line", "sku": "A", "qty": 2}"""));

        Assert.Null(op.Name);
        Assert.Null(op.UnitPriceQ);
        Assert.Null(op.Meta);
    }

    [Theory]
    [InlineData("""{"op": "add_line", "qty": 1}""")]
    [InlineData("""{"op": "add_line", "sku": "", "qty": 1}""")]
    [InlineData("""{"op": "add_line", "sku": "   ", "qty": 1}""")]
    [InlineData("""{"op": "add_line", "sku": null, "qty": 1}""")]
    public void Parse_ThrowsMissingSku_WhenSkuIsAbsentOrBlank(string json)
    {
        var ex = Rules.Throws("missing_sku", () => Given.Op(json, 5));

        Assert.Equal("sku", ex.Context().Text("field"));
        Assert.Equal(5, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Parse_ThrowsValidationError_WhenSkuIsNotAString()
    {
        var ex = Rules.Throws("validation_error", () => Given.Op("""{"op": "add_line", "sku": 123, "qty": 1}"""));

        Assert.Equal("sku", ex.Context().Text("field"));
    }

    [Theory]
    [InlineData("""{"op": "add_line", "sku": "A"}""")]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": null}""")]
    public void Parse_ThrowsMissingField_WhenQtyIsMissing(string json)
    {
        var ex = Rules.Throws("missing_field", () => Given.Op(json, 1));

        Assert.Equal("qty", ex.Context().Text("field"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("1e-40")]
    public void Parse_ThrowsInvalidQty_WhenQtyIsNotPositive(string qty)
    {
        var ex = Rules.Throws("invalid_qty", () => Given.Op($$"""{"op": "add_line", "sku": "A", "qty": {{qty}}}""", 2));

        Assert.Equal("qty", ex.Context().Text("field"));
        Assert.Equal(2, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("{\"value\": 1}")]
    public void Parse_ThrowsInvalidQty_WhenQtyIsNotANumber(string qty)
    {
        var ex = Rules.Throws("invalid_qty", () => Given.Op($$"""{"op": "add_line", "sku": "A", "qty": {{qty}}}"""));

        Assert.Equal("qty", ex.Context().Text("field"));
    }

    [Fact]
    public void Parse_ThrowsInvalidQty_WhenQtyIsBeyondDecimalRange()
    {
        Rules.Throws("invalid_qty", () => Given.Op("""{"op": "add_line", "sku": "A", "qty": 1e30}"""));
    }

    [Theory]
    [InlineData("2.50", "2.5")]
    [InlineData("3.000", "3")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e2", "100")]
    [InlineData("0.333", "0.333")]
    public void Parse_KeepsQtyExactWithoutTrailingZeros_WhenQtyIsDecimal(string qty, string expected)
    {
        var op = Assert.IsType<AddLineOp>(Given.Op($$"""{"op": "add_line", "sku": "A", "qty": {{qty}}}"""));

        Assert.Equal(expected, op.Qty.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_AcceptsZeroUnitPrice_WhenLineIsFree()
    {
        var op = Assert.IsType<AddLineOp>(Given.Op("""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 0}"""));

        Assert.Equal(0, op.UnitPriceQ);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-500")]
    [InlineData("12.5")]
    [InlineData("\"100\"")]
    [InlineData("true")]
    [InlineData("1e30")]
    public void Parse_ThrowsValidationError_WhenUnitPriceIsNotANonNegativeInteger(string price)
    {
        var ex = Rules.Throws("validation_error",
            () => Given.Op($$"""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": {{price}}}""", 3));

        Assert.Equal("unit_price_q", ex.Context().Text("field"));
        Assert.Equal(3, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("\"gift\"")]
    [InlineData("[1]")]
    [InlineData("5")]
    public void Parse_ThrowsValidationError_WhenMetaIsNotAnObject(string meta)
    {
        var ex = Rules.Throws("validation_error", () => Given.Op($$"""{"op": "add_line", "sku": "A", "qty": 1, "meta": {{meta}}}"""));

        Assert.Equal("meta", ex.Context().Text("field"));
    }

    [Fact]
    public void Parse_ThrowsValidationError_WhenNameIsNotAString()
    {
        var ex = Rules.Throws("validation_error", () => Given.Op("""{"op": "add_line", "sku": "A", "qty": 1, "name": 5}"""));

        Assert.Equal("name", ex.Context().Text("field"));
    }

    [Fact]
    public void Modify_AddsLineWithEveryField_WhenAddLineApplies()
    {
        var session = Given.Session();

        session.Apply("""
            [{"op": "add_line", "sku": "ESPRESSO", "name": "Espresso", "qty": 2, "unit_price_q": 550, "meta": {"size": "large"}}]
            """);

        var line = Assert.Single(session.Items);
        Assert.Equal("ESPRESSO", line.Sku);
        Assert.Equal("Espresso", line.Name);
        Assert.Equal(2m, line.Qty);
        Assert.Equal(550, line.UnitPriceQ);
        Assert.Equal(1100, line.LineTotalQ);
        Assert.Equal("large", line.Meta.Text("size"));
    }

    [Fact]
    public void Modify_GivesLineIdOfPrefixAndUnambiguousCharacters_WhenOptionsAreDefault()
    {
        var session = Given.Session();

        var id = session.AddLine();

        Assert.StartsWith("L-", id, StringComparison.Ordinal);
        Assert.Equal(2 + 8, id.Length);
        Assert.All(id[2..], c => Assert.Contains(c, RandomCodes.Alphabet));
    }

    [Fact]
    public void Modify_UsesLineIdSettings_WhenOptionsAreCustom()
    {
        var session = Given.Session();
        var pipeline = Given.Pipeline(options: new OmnimanOptions { LineIdPrefix = "LN_", LineIdLength = 4 });

        var id = session.AddLine(pipeline: pipeline);

        Assert.Matches("^LN_[A-Z2-9]{4}$", id);
    }

    [Fact]
    public void Modify_GivesDistinctLineIds_WhenOneRequestAddsManyLines()
    {
        var session = Given.Session();
        var ops = string.Join(',', Enumerable.Range(0, 20).Select(i => $$"""{"op": "add_line", "sku": "S{{i}}", "qty": 1, "unit_price_q": 1}"""));

        session.Apply($"[{ops}]");

        Assert.Equal(20, session.Items.Select(l => l.LineId).Distinct().Count());
    }

    [Fact]
    public void Modify_AddsSeparateLines_WhenSameSkuIsAddedTwice()
    {
        var session = Given.Session();

        session.AddLine("A", 1, 100);
        session.AddLine("A", 2, 100);

        Assert.Equal(2, session.Items.Count);
        Assert.Equal([1m, 2m], session.Items.Select(l => l.Qty));
    }
}
