using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Money;

/// <summary>The one place where quantities meet money; rounding is half-even.</summary>
public static class MoneyMath
{
    public static long LineTotal(decimal qty, long unitPriceQ)
    {
        try
        {
            var exact = qty * unitPriceQ;
            return checked((long)decimal.Round(exact, 0, MidpointRounding.ToEven));
        }
        catch (OverflowException)
        {
            throw new OmnimanException("validation_error", "The line total is too large.",
                new { field = "qty", qty, unit_price_q = unitPriceQ });
        }
    }

    public static long Sum(IEnumerable<long> amounts)
    {
        long total = 0;
        foreach (var amount in amounts)
        {
            try { total = checked(total + amount); }
            catch (OverflowException)
            {
                throw new OmnimanException("validation_error", "The session total is too large.", new { field = "items" });
            }
        }
        return total;
    }

    /// <summary>
    /// Reads an amount that a modifier wrote into <c>pricing</c>. C# writes <c>= 150</c> as an int
    /// node and <c>= 150L</c> as a long one; both are amounts.
    /// </summary>
    public static long Amount(JsonObject pricing, string field) => pricing[field] switch
    {
        null => 0,
        JsonValue value when value.TryGetValue<long>(out var amount) => amount,
        JsonValue value when value.TryGetValue<int>(out var amount) => amount,
        _ => throw new OmnimanException("validation_error", $"pricing.{field} must be an integer amount in minor units.",
            new { field = $"pricing.{field}" }),
    };
}
