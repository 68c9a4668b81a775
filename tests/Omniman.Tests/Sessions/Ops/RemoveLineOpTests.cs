using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

public sealed class RemoveLineOpTests
{
    [Fact]
    public void Parse_ReadsLineId_WhenGiven()
    {
        var op = Assert.IsType<RemoveLineOp>(Given.Op("""{"op": "remove_line", "line_id": "L-ABC"}""", 1));

        Assert.Equal("L-ABC", op.LineId);
        Assert.Equal(1, op.Index);
    }

    [Theory]
    [InlineData("""{"op": "remove_line"}""")]
    [InlineData("""{"op": "remove_line", "line_id": ""}""")]
    [InlineData("""{"op": "remove_line", "line_id": null}""")]
    public void Parse_ThrowsMissingField_WhenLineIdIsMissing(string json)
    {
        var ex = Rules.Throws("missing_field", () => Given.Op(json, 2));

        Assert.Equal("line_id", ex.Context().Text("field"));
        Assert.Equal(2, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Modify_RemovesOnlyThatLine_WhenLineExists()
    {
        var session = Given.Session();
        var keep = session.AddLine("A", 1, 100);
        var drop = session.AddLine("B", 1, 300);

        session.Apply($$"""[{"op": "remove_line", "line_id": "{{drop}}"}]""");

        Assert.Equal([keep], session.Items.Select(l => l.LineId));
        Assert.Equal(100, session.TotalQ);
    }

    [Fact]
    public void Modify_ThrowsUnknownLineId_WhenLineIsAbsent()
    {
        var session = Given.Session();
        session.AddLine();

        var ex = Rules.Throws("unknown_line_id", () => session.Apply("""
            [{"op": "set_data", "path": "a", "value": 1}, {"op": "remove_line", "line_id": "L-NOPE"}]
            """));

        Assert.Equal("L-NOPE", ex.Context().Text("line_id"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Modify_ThrowsUnknownLineId_WhenLineWasRemovedEarlierInSameRequest()
    {
        var session = Given.Session();
        var id = session.AddLine();

        Rules.Throws("unknown_line_id", () => session.Apply($$"""
            [{"op": "remove_line", "line_id": "{{id}}"}, {"op": "remove_line", "line_id": "{{id}}"}]
            """));
        Assert.Single(session.Items);
    }
}
