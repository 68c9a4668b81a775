using System.Text.Json.Nodes;
using Omniman.Sessions.Ops;
using Omniman.Common;

namespace Omniman.Tests.Sessions.Ops;

public sealed class SessionOpParseTests
{
    [Fact]
    public void ParseAll_ReturnsEachOpKindInOrder_WhenOpsAreValid()
    {
        var ops = Given.Ops("""
            [
              {"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 100},
              {"op": "remove_line", "line_id": "L-1"},
              {"op": "set_qty", "line_id": "L-1", "qty": 2},
              {"op": "replace_sku", "line_id": "L-1", "sku": "B"},
              {"op": "set_data", "path": "note", "value": "hi"},
              {"op": "merge_lines", "from_line_id": "L-1", "into_line_id": "L-2"}
            ]
            """);

        Assert.Collection(ops,
            op => Assert.IsType<AddLineOp>(op),
            op => Assert.IsType<RemoveLineOp>(op),
            op => Assert.IsType<SetQtyOp>(op),
            op => Assert.IsType<ReplaceSkuOp>(op),
            op => Assert.IsType<SetDataOp>(op),
            op => Assert.IsType<MergeLinesOp>(op));
        Assert.Equal([0, 1, 2, 3, 4, 5], ops.Select(o => o.Index));
    }

    [Fact]
    public void ParseAll_ThrowsMissingField_WhenOpsIsNull()
    {
        var ex = Rules.Throws("missing_field", () => SessionOp.ParseAll(null));

        Assert.Equal("ops", ex.Context().Text("field"));
        Assert.False(ex.Context().ContainsKey("op_index"));
    }

    [Fact]
    public void ParseAll_ThrowsValidationError_WhenOpsIsEmpty()
    {
        var ex = Rules.Throws("validation_error", () => SessionOp.ParseAll([]));

        Assert.Equal("ops", ex.Context().Text("field"));
    }

    [Fact]
    public void ParseAll_NamesTheFailingOpIndex_WhenALaterOpIsInvalid()
    {
        var ex = Rules.Throws("unsupported_op", () => Given.Ops("""
            [{"op": "add_line", "sku": "A", "qty": 1}, {"op": "add_line", "sku": "B", "qty": 1}, {"op": "explode"}]
            """));

        Assert.Equal(2, ex.Context().Int("op_index"));
        Assert.Equal("explode", ex.Context().Text("op"));
    }

    [Fact]
    public void Parse_ThrowsUnsupportedOp_WhenKindIsUnknown()
    {
        var ex = Rules.Throws("unsupported_op", () => Given.Op("""{"op": "add_lines", "sku": "A", "qty": 1}""", 4));

        Assert.Equal("add_lines", ex.Context().Text("op"));
        Assert.Equal(4, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Parse_ThrowsMissingField_WhenOpKindIsMissing()
    {
        var ex = Rules.Throws("missing_field", () => Given.Op("""{"sku": "A", "qty": 1}""", 3));

        Assert.Equal("op", ex.Context().Text("field"));
        Assert.Equal(3, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Parse_ThrowsMissingField_WhenOpKindIsEmpty()
    {
        var ex = Rules.Throws("missing_field", () => Given.Op("""{"op": ""}"""));

        Assert.Equal("op", ex.Context().Text("field"));
    }

    [Fact]
    public void Parse_ThrowsValidationError_WhenOpKindIsNotAString()
    {
        var ex = Rules.Throws("validation_error", () => Given.Op("""{"op": 7}""", 1));

        Assert.Equal("op", ex.Context().Text("field"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("\"add_line\"")]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    public void Parse_ThrowsValidationError_WhenOpIsNotAnObject(string json)
    {
        var ex = Rules.Throws("validation_error", () => SessionOp.Parse(JsonNode.Parse(json), 2));

        Assert.Equal("ops", ex.Context().Text("field"));
        Assert.Equal(2, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Parse_ThrowsValidationError_WhenOpIsNull()
    {
        var ex = Rules.Throws("validation_error", () => SessionOp.Parse(null, 0));

        Assert.Equal("ops", ex.Context().Text("field"));
    }

    [Theory]
    [InlineData("""{"op": "remove_line", "line_id": "L-9", "color": "red"}""", "color", null)]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "unitPriceQ": 5}""", "unitPriceQ", "unit_price_q")]
    [InlineData("""{"op": "replace_sku", "line_id": "L-1", "sku": "B", "price_overide": {"reason": "x"}}""", "price_overide", "price_override")]
    [InlineData("""{"op": "merge_lines", "from_line_id": "L-1", "into_line_id": "L-2", "into": "L-3"}""", "into", null)]
    public void Parse_RefusesUnknownFields_NamingTheNearestKnownOne(string json, string field, string? suggestion)
    {
        var ex = Assert.Throws<OmnimanException>(() => Given.Op(json));

        Assert.Equal("unknown_field", ex.Code);
        var context = Assert.IsType<Dictionary<string, object>>(ex.Context);
        Assert.Equal(field, context["field"]);
        Assert.Equal(suggestion, context.GetValueOrDefault("suggestion"));
    }

    [Fact]
    public void Parse_KnowsEveryFieldOfAnOp_EvenTheOptionalOnesLeftOut()
    {
        var op = Assert.IsType<AddLineOp>(Given.Op(
            """{"op": "add_line", "sku": "A", "qty": 1, "name": "N", "unit_price_q": 5, "meta": {"k": 1}, "price_override": {"reason": "r"}}"""));

        Assert.Equal("A", op.Sku);
    }
}
