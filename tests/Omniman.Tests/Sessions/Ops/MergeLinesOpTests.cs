using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

public sealed class MergeLinesOpTests
{
    [Fact]
    public void Parse_ReadsBothLineIds_WhenGiven()
    {
        var op = Assert.IsType<MergeLinesOp>(Given.Op("""{"op": "merge_lines", "from_line_id": "L-1", "into_line_id": "L-2"}"""));

        Assert.Equal("L-1", op.FromLineId);
        Assert.Equal("L-2", op.IntoLineId);
    }

    [Theory]
    [InlineData("""{"op": "merge_lines", "into_line_id": "L-2"}""", "from_line_id")]
    [InlineData("""{"op": "merge_lines", "from_line_id": "L-1"}""", "into_line_id")]
    public void Parse_ThrowsMissingField_WhenALineIdIsMissing(string json, string field)
    {
        var ex = Rules.Throws("missing_field", () => Given.Op(json, 1));

        Assert.Equal(field, ex.Context().Text("field"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Modify_SumsQuantitiesIntoTargetAndDropsSource_WhenSkusMatch()
    {
        var session = Given.Session();
        var from = session.AddLine("A", 2, 100);
        var other = session.AddLine("B", 1, 50);
        var into = session.AddLine("A", 3, 100);

        session.Apply($$"""[{"op": "merge_lines", "from_line_id": "{{from}}", "into_line_id": "{{into}}"}]""");

        Assert.Equal([other, into], session.Items.Select(l => l.LineId));
        var merged = session.Items.Single(l => l.LineId == into);
        Assert.Equal(5m, merged.Qty);
        Assert.Equal(500, merged.LineTotalQ);
        Assert.Equal(550, session.TotalQ);
    }

    [Fact]
    public void Modify_SumsDecimalQuantitiesExactly_WhenMergingTenthsOfAUnit()
    {
        var session = Given.Session();
        var from = session.AddLine("CHEESE", 0.1m, 15);
        var into = session.AddLine("CHEESE", 0.2m, 15);

        session.Apply($$"""[{"op": "merge_lines", "from_line_id": "{{from}}", "into_line_id": "{{into}}"}]""");

        var line = Assert.Single(session.Items);
        Assert.Equal(0.3m, line.Qty);
        // 0.3 × 15 = 4.5 exactly, which rounds half-even to 4; binary floating point would give 4.500000000000001 → 5.
        Assert.Equal(4, line.LineTotalQ);
    }

    [Fact]
    public void Modify_ThrowsInvalidMerge_WhenLineIsMergedIntoItself()
    {
        var session = Given.Session();
        var id = session.AddLine();

        var ex = Rules.Throws("invalid_merge", () => session.Apply($$"""[{"op": "merge_lines", "from_line_id": "{{id}}", "into_line_id": "{{id}}"}]"""));

        Assert.Equal(id, ex.Context().Text("line_id"));
        Assert.Equal(0, ex.Context().Int("op_index"));
        Assert.Equal(1m, Assert.Single(session.Items).Qty);
    }

    [Fact]
    public void Modify_ThrowsSkuMismatch_WhenSkusDiffer()
    {
        var session = Given.Session();
        var from = session.AddLine("A");
        var into = session.AddLine("B");

        var ex = Rules.Throws("sku_mismatch", () => session.Apply($$"""[{"op": "merge_lines", "from_line_id": "{{from}}", "into_line_id": "{{into}}"}]"""));

        Assert.Equal("A", ex.Context().Text("from_sku"));
        Assert.Equal("B", ex.Context().Text("into_sku"));
        Assert.Equal(2, session.Items.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Modify_ThrowsUnknownLineId_WhenEitherLineIsAbsent(bool fromIsMissing)
    {
        var session = Given.Session();
        var id = session.AddLine();
        var (from, into) = fromIsMissing ? ("L-GONE", id) : (id, "L-GONE");

        var ex = Rules.Throws("unknown_line_id", () => session.Apply($$"""[{"op": "merge_lines", "from_line_id": "{{from}}", "into_line_id": "{{into}}"}]"""));

        Assert.Equal("L-GONE", ex.Context().Text("line_id"));
    }
}
