using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Money;
using Omniman.Sessions;

namespace Omniman.Pricing;

/// <summary>
/// Applies the promotion that <c>data.coupon.code</c> names. A code that cannot apply (unknown,
/// expired, used up, below its minimum, matching no item) raises a non-blocking
/// <c>invalid_coupon</c> issue saying why, so the client can show it.
/// </summary>
public sealed class DiscountModifier : IModifier
{
    public const string IssueSource = "pricing";

    public string Code => "promotions";
    public int Order => 500;

    public void Apply(SessionDraft draft)
    {
        if (CouponCode(draft.Data) is not { } code) return;
        if (!draft.Inputs.Promotions.TryGetValue(code, out var terms))
        {
            Reject(draft, code, $"Coupon {code} does not exist.");
            return;
        }
        if (terms.Problem(draft.Inputs.NowUtc) is { } problem)
        {
            Reject(draft, code, problem);
            return;
        }
        var subtotal = MoneyMath.Amount(draft.Pricing, "subtotal_q");
        if (terms.MinSubtotalQ is { } min && subtotal < min)
        {
            Reject(draft, code, $"Coupon {code} needs a subtotal of at least {min}.");
            return;
        }
        var eligible = MoneyMath.Sum(draft.Items.Where(l => terms.Skus is null || terms.Skus.Contains(l.Sku)).Select(l => l.LineTotalQ));
        if (eligible == 0)
        {
            Reject(draft, code, $"Coupon {code} applies to none of the items.");
            return;
        }
        var discount = terms.PercentOff is { } percent
            ? (long)decimal.Round(eligible * percent / 100m, 0, MidpointRounding.ToEven)
            : Math.Min(terms.AmountOffQ ?? 0, eligible);
        draft.Pricing["discount_q"] = MoneyMath.Sum([MoneyMath.Amount(draft.Pricing, "discount_q"), discount]);
        draft.Pricing["promotion"] = code;
        (draft.Pricing["trace"] as JsonArray)?.Add(new JsonObject { ["promotion"] = code, ["discount_q"] = discount, ["eligible_q"] = eligible });
    }

    /// <summary>The coupon code in a session's data, if any.</summary>
    public static string? CouponCode(JsonObject data) =>
        data["coupon"] is JsonObject coupon ? Text(coupon["code"]) : null;

    /// <summary>A non-empty string node's text; null for anything else (clients write what they like into data).</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;

    private static void Reject(SessionDraft draft, string code, string why) =>
        draft.AddIssue(IssueSource, new IssueDraft("invalid_coupon", why, Blocking: false, new JsonObject { ["code"] = code }, []));
}
