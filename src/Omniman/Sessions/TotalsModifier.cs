using System.Text.Json.Nodes;
using Omniman.Money;

namespace Omniman.Sessions;

/// <summary>First step: each line's total and the session's subtotal, for the steps after it.</summary>
public sealed class LineTotalsModifier : IModifier
{
    public string Code => "line_totals";
    public int Order => 100;

    public void Apply(SessionDraft draft)
    {
        foreach (var line in draft.Items)
            line.LineTotalQ = MoneyMath.LineTotal(line.Qty, line.UnitPriceQ ?? 0);
        draft.Pricing["subtotal_q"] = MoneyMath.Sum(draft.Items.Select(l => l.LineTotalQ));
        draft.Pricing["discount_q"] = 0L;
        draft.Pricing["fees_q"] = 0L;
        draft.Pricing["trace"] = new JsonArray([.. draft.Items.Select(l => (JsonNode)new JsonObject
        {
            ["line_id"] = l.LineId, ["sku"] = l.Sku, ["unit_price_q"] = l.UnitPriceQ, ["source"] = l.PriceSource ?? "payload",
        })]);
    }
}

/// <summary>Last step: the session's total from subtotal, discounts and fees.</summary>
public sealed class TotalsModifier : IModifier
{
    public string Code => "totals";
    public int Order => 1000;

    public void Apply(SessionDraft draft)
    {
        var subtotal = draft.Pricing["subtotal_q"]?.GetValue<long>() ?? 0;
        var discount = draft.Pricing["discount_q"]?.GetValue<long>() ?? 0;
        var fees = draft.Pricing["fees_q"]?.GetValue<long>() ?? 0;
        var total = MoneyMath.Sum([subtotal, -discount, fees]);
        draft.Pricing["total_q"] = total;
        draft.Pricing["items_count"] = draft.Items.Count;
        draft.TotalQ = total;
    }
}
