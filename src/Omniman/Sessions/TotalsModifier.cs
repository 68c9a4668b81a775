using System.Text.Json.Nodes;
using Omniman.Money;

namespace Omniman.Sessions;

/// <summary>Keeps line totals and the session's <c>pricing</c> summary current; runs last.</summary>
public sealed class TotalsModifier : IModifier
{
    public string Code => "totals";
    public int Order => 1000;

    public void Apply(SessionDraft draft)
    {
        foreach (var line in draft.Items)
            line.LineTotalQ = MoneyMath.LineTotal(line.Qty, line.UnitPriceQ ?? 0);
        var subtotal = MoneyMath.Sum(draft.Items.Select(l => l.LineTotalQ));
        var discount = draft.Pricing["discount_q"]?.GetValue<long>() ?? 0;
        var fees = draft.Pricing["fees_q"]?.GetValue<long>() ?? 0;
        var total = MoneyMath.Sum([subtotal, -discount, fees]);
        draft.Pricing["subtotal_q"] = subtotal;
        draft.Pricing["discount_q"] = discount;
        draft.Pricing["fees_q"] = fees;
        draft.Pricing["total_q"] = total;
        draft.Pricing["items_count"] = draft.Items.Count;
        draft.Pricing["trace"] ??= new JsonArray();
        draft.TotalQ = total;
    }
}
