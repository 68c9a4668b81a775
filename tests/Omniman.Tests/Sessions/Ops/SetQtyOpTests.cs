using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

public sealed class SetQtyOpTests
{
    [Fact]
    public void Parse_ReadsLineIdAndQty_WhenGiven()
    {
        var op = Assert.IsType<SetQtyOp>(Given.Op("""{"op": "set_qty", "line_id": "L-1", "qty": 0.25}"""));

        Assert.Equal("L-1", op.LineId);
        Assert.Equal(0.25m, op.Qty);
    }

    [Fact]
    public void Parse_ThrowsMissingField_WhenLineIdIsMissing()
    {
        var ex = Rules.Throws("missing_field", () => Given.Op("""{"op": "set_qty", "qty": 2}"""));

        Assert.Equal("line_id", ex.Context().Text("field"));
    }

    [Fact]
    public void Parse_ThrowsMissingField_WhenQtyIsMissing()
    {
        var ex = Rules.Throws("missing_field", () => Given.Op("""{"op": "set_qty", "line_id": "L-1"}""", 6));

        Assert.Equal("qty", ex.Context().Text("field"));
        Assert.Equal(6, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("\"3\"")]
    public void Parse_ThrowsInvalidQty_WhenQtyIsNotAPositiveNumber(string qty)
    {
        var ex = Rules.Throws("invalid_qty", () => Given.Op($$"""{"op": "set_qty", "line_id": "L-1", "qty": {{qty}}}""", 1));

        Assert.Equal("qty", ex.Context().Text("field"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Modify_ChangesQtyAndLineTotal_WhenLineExists()
    {
        var session = Given.Session();
        var id = session.AddLine("A", 1, 1000);

        session.Apply($$"""[{"op": "set_qty", "line_id": "{{id}}", "qty": 3.5}]""");

        var line = Assert.Single(session.Items);
        Assert.Equal(3.5m, line.Qty);
        Assert.Equal(3500, line.LineTotalQ);
        Assert.Equal(3500, session.TotalQ);
    }

    [Fact]
    public void Modify_ThrowsUnknownLineId_WhenLineIsAbsent()
    {
        var session = Given.Session();

        var ex = Rules.Throws("unknown_line_id", () => session.Apply("""[{"op": "set_qty", "line_id": "L-X", "qty": 1}]"""));

        Assert.Equal("L-X", ex.Context().Text("line_id"));
        Assert.Equal(0, ex.Context().Int("op_index"));
    }
}
