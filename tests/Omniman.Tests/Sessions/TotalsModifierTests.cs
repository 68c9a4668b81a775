using Omniman.Sessions;

namespace Omniman.Tests.Sessions;

public sealed class TotalsModifierTests
{
    [Theory]
    [InlineData("0.5", 1, 0)]
    [InlineData("1.5", 1, 2)]
    [InlineData("2.5", 1, 2)]
    [InlineData("3.5", 1, 4)]
    [InlineData("1.5", 333, 500)]
    [InlineData("0.25", 10, 2)]
    [InlineData("0.35", 10, 4)]
    [InlineData("0.35", 4990, 1746)]
    public void Modify_RoundsLineTotalHalfEven_WhenQtyTimesPriceHasAFraction(string qty, long unitPriceQ, long expected)
    {
        var session = Given.Session();

        session.Apply($$"""[{"op": "add_line", "sku": "A", "qty": {{qty}}, "unit_price_q": {{unitPriceQ}}}]""");

        Assert.Equal(expected, Assert.Single(session.Items).LineTotalQ);
    }

    [Fact]
    public void Modify_SummarisesPricing_WhenSessionHasSeveralLines()
    {
        var session = Given.Session();

        session.Apply("""
            [{"op": "add_line", "sku": "ESPRESSO", "qty": 2, "unit_price_q": 550},
             {"op": "add_line", "sku": "CHEESE", "qty": 0.35, "unit_price_q": 4990}]
            """);

        Assert.Equal(1100 + 1746, session.Pricing["subtotal_q"]!.GetValue<long>());
        Assert.Equal(0, session.Pricing["discount_q"]!.GetValue<long>());
        Assert.Equal(0, session.Pricing["fees_q"]!.GetValue<long>());
        Assert.Equal(2846, session.Pricing["total_q"]!.GetValue<long>());
        Assert.Equal(2, session.Pricing["items_count"]!.GetValue<int>());
        Assert.NotNull(session.Pricing["trace"]);
        Assert.Equal(2846, session.TotalQ);
    }

    [Fact]
    public void Modify_ResetsTotalsToZero_WhenLastLineIsRemoved()
    {
        var session = Given.Session();
        var id = session.AddLine("A", 3, 700);

        session.Apply($$"""[{"op": "remove_line", "line_id": "{{id}}"}]""");

        Assert.Equal(0, session.TotalQ);
        Assert.Equal(0, session.Pricing["subtotal_q"]!.GetValue<long>());
        Assert.Equal(0, session.Pricing["items_count"]!.GetValue<int>());
    }

    [Fact]
    public void Modify_KeepsDecimalQuantitiesExact_WhenTenthsAddUp()
    {
        var session = Given.Session();
        var id = session.AddLine("A", 0.1m, 15);

        session.Apply($$"""[{"op": "set_qty", "line_id": "{{id}}", "qty": 0.3}]""");
        var line = Assert.Single(session.Items);

        Assert.Equal(0.1m + 0.2m, line.Qty);
        Assert.Equal(4, line.LineTotalQ);
    }

    [Fact]
    public void Modify_CountsLinesNotUnits_WhenComputingItemsCount()
    {
        var session = Given.Session();

        session.Apply("""[{"op": "add_line", "sku": "A", "qty": 5, "unit_price_q": 1}, {"op": "add_line", "sku": "B", "qty": 0.5, "unit_price_q": 2}]""");

        Assert.Equal(2, session.Pricing["items_count"]!.GetValue<int>());
    }

    [Fact]
    public void Modify_ThrowsValidationError_WhenLineTotalOverflows()
    {
        var session = Given.Session();
        session.AddLine("A", 1, 100);
        var before = session.State();

        var ex = Rules.Throws("validation_error",
            () => session.Apply("""[{"op": "add_line", "sku": "B", "qty": 2, "unit_price_q": 9223372036854775807}]"""));

        Assert.Equal("qty", ex.Context().Text("field"));
        Assert.Equal(before, session.State());
    }

    [Fact]
    public void Modify_ThrowsValidationError_WhenSubtotalOverflows()
    {
        var session = Given.Session();

        var ex = Rules.Throws("validation_error", () => session.Apply("""
            [{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 9223372036854775807},
             {"op": "add_line", "sku": "B", "qty": 1, "unit_price_q": 1}]
            """));

        Assert.Equal("items", ex.Context().Text("field"));
        Assert.Empty(session.Items);
        Assert.Equal(0, session.Rev);
    }

    [Fact]
    public void Apply_TakesDiscountAndFeesIntoTotal_WhenAnEarlierModifierSetThem()
    {
        var session = Given.Session();
        session.AddLine("A", 1, 1000);
        var draft = new SessionDraft(session, Given.Inputs(), () => "L-X");
        new LineTotalsModifier().Apply(draft);
        draft.Pricing["discount_q"] = 150L;
        draft.Pricing["fees_q"] = 40L;

        new TotalsModifier().Apply(draft);

        Assert.Equal(1000, draft.Pricing["subtotal_q"]!.GetValue<long>());
        Assert.Equal(890, draft.Pricing["total_q"]!.GetValue<long>());
        Assert.Equal(890, draft.TotalQ);
    }

    [Fact]
    public void Apply_ReadsDiscountAndFees_WhenAModifierWroteThemAsInt()
    {
        var session = Given.Session();
        session.AddLine("A", 1, 1000);
        var draft = new SessionDraft(session, Given.Inputs(), () => "L-X");
        new LineTotalsModifier().Apply(draft);
        draft.Pricing["discount_q"] = 150;
        draft.Pricing["fees_q"] = 40;

        new TotalsModifier().Apply(draft);

        Assert.Equal(890, draft.TotalQ);
    }

    [Fact]
    public void Apply_ReadsDiscount_WhenAModifierWroteItAsJsonText()
    {
        var session = Given.Session();
        session.AddLine("A", 1, 1000);
        var draft = new SessionDraft(session, Given.Inputs(), () => "L-X");
        new LineTotalsModifier().Apply(draft);
        draft.Pricing["discount_q"] = System.Text.Json.Nodes.JsonNode.Parse("150");

        new TotalsModifier().Apply(draft);

        Assert.Equal(850, draft.TotalQ);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"150\"")]
    public void Apply_ThrowsValidationError_WhenDiscountIsNotAnIntegerAmount(string discount)
    {
        var session = Given.Session();
        var draft = new SessionDraft(session, Given.Inputs(), () => "L-X");
        new LineTotalsModifier().Apply(draft);
        draft.Pricing["discount_q"] = System.Text.Json.Nodes.JsonNode.Parse(discount);

        var ex = Rules.Throws("validation_error", () => new TotalsModifier().Apply(draft));

        Assert.Equal("pricing.discount_q", ex.Context().Text("field"));
    }

    [Fact]
    public void Apply_CountsMissingUnitPriceAsZero_WhenLineHasNoPrice()
    {
        var session = Given.Session();
        var draft = new SessionDraft(session, Given.Inputs(), () => "L-X");
        draft.Items.Add(new SessionLine { LineId = "L-1", Sku = "A", Qty = 3, UnitPriceQ = null, LineTotalQ = 99 });

        new LineTotalsModifier().Apply(draft);
        new TotalsModifier().Apply(draft);

        Assert.Equal(0, draft.Items[0].LineTotalQ);
        Assert.Equal(0, draft.TotalQ);
    }
}
