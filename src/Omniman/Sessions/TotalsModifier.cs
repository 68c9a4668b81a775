using System.Text.Json.Nodes;
using Omniman.Common;
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
        var discount = Amount(draft.Pricing, "discount_q");
        var fees = Amount(draft.Pricing, "fees_q");
        var total = MoneyMath.Sum([subtotal, -discount, fees]);
        draft.Pricing["subtotal_q"] = subtotal;
        draft.Pricing["discount_q"] = discount;
        draft.Pricing["fees_q"] = fees;
        draft.Pricing["total_q"] = total;
        draft.Pricing["items_count"] = draft.Items.Count;
        draft.Pricing["trace"] ??= new JsonArray();
        draft.TotalQ = total;
    }

    // Earlier modifiers write these in C#, where `= 150` makes an int node, not a long one.
    private static long Amount(JsonObject pricing, string field) => pricing[field] switch
    {
        null => 0,
        JsonValue value when value.TryGetValue<long>(out var amount) => amount,
        JsonValue value when value.TryGetValue<int>(out var amount) => amount,
        _ => throw new OmnimanException("validation_error", $"pricing.{field} must be an integer amount in minor units.",
            new { field = $"pricing.{field}" }),
    };
}
