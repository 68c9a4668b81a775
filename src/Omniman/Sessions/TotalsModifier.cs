using System.Text.Json.Nodes;
using Omniman.Common;
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
        var trace = draft.Pricing["trace"] as JsonArray ?? [];
        foreach (var line in draft.Items)
            trace.Add(new JsonObject { ["line_id"] = line.LineId, ["sku"] = line.Sku, ["unit_price_q"] = line.UnitPriceQ, ["source"] = line.PriceSource ?? "payload" });
        draft.Pricing["trace"] = trace;
    }
}

/// <summary>Last step: the session's total from subtotal, discounts and fees.</summary>
public sealed class TotalsModifier : IModifier
{
    public string Code => "totals";
    public int Order => 1000;

    public void Apply(SessionDraft draft)
    {
        var subtotal = MoneyMath.Amount(draft.Pricing, "subtotal_q");
        var discount = MoneyMath.Amount(draft.Pricing, "discount_q");
        var fees = MoneyMath.Amount(draft.Pricing, "fees_q");
        var total = MoneyMath.Sum([subtotal, -discount, fees]);
        draft.Pricing["discount_q"] = discount;
        draft.Pricing["fees_q"] = fees;
        draft.Pricing["total_q"] = total;
        draft.Pricing["items_count"] = draft.Items.Count;
        draft.TotalQ = total;
    }

}
