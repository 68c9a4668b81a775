using Omniman.OperatorConsole.Text;
using Omniman.Pricing;

namespace Omniman.OperatorConsole.Pages.Promotions;

/// <summary>
/// A new promotion as its form holds it: amounts in the server's currency, times in the operator's
/// time zone, SKUs one a line (a SKU may hold commas and spaces). The kernel's <see cref="ManageCatalog"/>
/// judges the values, as it does for <c>POST /api/promotions</c>.
/// </summary>
public sealed class PromotionForm
{
    /// <summary>The fields an error may name (the kernel's names), for <see cref="FormError.Of"/>.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["code", "percent_off", "amount_off_q", "skus", "min_subtotal_q", "valid_from", "valid_until", "usage_limit"];

    public string? Code { get; set; }
    public string? PercentOff { get; set; }
    public string? AmountOff { get; set; }
    public string? Skus { get; set; }
    public string? MinSubtotal { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidUntil { get; set; }
    public string? UsageLimit { get; set; }

    /// <summary>The definition the kernel saves, its times in UTC; a value that cannot be read is refused here, by its field.</summary>
    public PromotionDefinition ToDefinition(string currency, TimeZoneInfo zone, Texts t)
    {
        var skus = (Skus ?? "").Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        return new PromotionDefinition(Code?.Trim(), FormInput.Number(PercentOff, "percent_off", t), FormInput.Money(AmountOff, currency, "amount_off_q", t),
            skus.Count == 0 ? null : skus, FormInput.Money(MinSubtotal, currency, "min_subtotal_q", t),
            FormInput.LocalTime(ValidFrom, zone, "valid_from", t), FormInput.LocalTime(ValidUntil, zone, "valid_until", t),
            FormInput.Whole(UsageLimit, "usage_limit", t));
    }
}
