using System.Globalization;

namespace Omniman.OperatorConsole.Text;

/// <summary>
/// Money, quantities and times as an operator reads them. The server runs with invariant
/// globalization (no culture data), so the few rules the console's two languages need live here.
/// </summary>
public sealed class Formats(string language, TimeZoneInfo timeZone)
{
    private bool Portuguese => language == ConsoleLanguages.Portuguese;

    public TimeZoneInfo TimeZone => timeZone;

    /// <summary>Minor units to a currency amount: R$ 1.234,56 in pt-BR, R$1,234.56 in English; ¥ has no minor unit.</summary>
    public string Money(long minor, string? currency)
    {
        currency = string.IsNullOrEmpty(currency) ? "" : currency.ToUpperInvariant();
        var digits = MinorDigits(currency);
        var amount = Math.Abs((decimal)minor) / Pow10(digits);
        var number = Group(amount.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        var symbol = Symbol(currency);
        var sign = minor < 0 ? "-" : "";
        return Portuguese || symbol.Length > 1 && char.IsLetter(symbol[^1]) ? $"{sign}{symbol} {number}".Trim() : $"{sign}{symbol}{number}";
    }

    /// <summary>A quantity exactly as stored (0.35 stays 0.35, 2 stays 2), with the language's decimal mark.</summary>
    public string Quantity(decimal qty)
    {
        var text = (qty / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        return Portuguese ? text.Replace('.', ',') : text;
    }

    /// <summary>A UTC time in the operator's time zone.</summary>
    public string Time(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), timeZone);
        return local.ToString(Portuguese ? "dd/MM/yyyy HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A time typed in a <c>datetime-local</c> control (<c>2026-06-18T10:00</c>, seconds optional), read
    /// in the operator's time zone, as UTC; null when it is not such a time.
    /// </summary>
    public DateTime? FromLocalInput(string? text)
    {
        if (!DateTime.TryParseExact(text?.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        // A time skipped by a daylight-saving change exists in no zone's clock; take it as the hour after.
        if (timeZone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), timeZone);
    }

    public static string Iso(DateTime utc) => Omniman.Common.UtcStamp.Format(utc);

    private string Group(string invariant)
    {
        var point = invariant.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? invariant : invariant[..point];
        var fraction = point < 0 ? "" : invariant[(point + 1)..];
        var (thousands, decimalMark) = Portuguese ? ('.', ',') : (',', '.');
        var grouped = new System.Text.StringBuilder();
        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0) grouped.Append(thousands);
            grouped.Append(whole[i]);
        }
        return fraction.Length == 0 ? grouped.ToString() : $"{grouped}{decimalMark}{fraction}";
    }

    private string Symbol(string currency) => currency switch
    {
        "BRL" => "R$",
        "USD" => Portuguese ? "US$" : "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => currency,
    };

    /// <summary>ISO 4217 minor units: most currencies have two; these have none or three.</summary>
    public static int MinorDigits(string currency) => currency switch
    {
        "JPY" or "KRW" or "CLP" or "VND" or "ISK" or "PYG" or "UGX" or "XAF" or "XOF" or "XPF" or "KMF" or "GNF" or "RWF" or "VUV" or "DJF" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" or "IQD" or "LYD" => 3,
        _ => 2,
    };

    internal static decimal Pow10(int digits) => digits switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
