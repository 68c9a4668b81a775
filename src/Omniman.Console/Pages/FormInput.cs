using System.Globalization;
using System.Text.RegularExpressions;
using Omniman.Common;
using Omniman.OperatorConsole.Text;

namespace Omniman.OperatorConsole.Pages;

/// <summary>
/// What an admin types in a set-up form, read into the kernel's types: amounts in the currency's
/// units (<c>12,50</c> or <c>12.50</c>) to minor units, numbers with either decimal mark, whole
/// numbers, and times in the operator's time zone to UTC. A blank value is absent (null); one that
/// cannot be read is a <c>validation_error</c> naming its field, as the API's reader answers a value
/// of the wrong type. The values themselves are the kernel's to judge.
/// </summary>
internal static partial class FormInput
{
    /// <summary>The <c>datetime-local</c> control's format.</summary>
    private const string LocalTimeFormat = "yyyy-MM-ddTHH:mm";

    public static long? Money(string? text, string currency, string field, Texts t)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = Formats.MinorDigits(currency);
        var number = Decimal(text);
        if (number is null || DecimalPlaces(number.Value) > digits)
            throw Unreadable(field, string.Format(CultureInfo.InvariantCulture, t["Give an amount in {0} with at most {1} decimal places, such as 12.50."], currency, digits));
        try
        {
            return decimal.ToInt64(number.Value * Formats.Pow10(digits));
        }
        catch (OverflowException)
        {
            throw Unreadable(field, t["The amount is too large."]);
        }
    }

    /// <summary>An amount in minor units as the money control shows it: <c>12.50</c>, or <c>12,50</c> in Portuguese.</summary>
    public static string MoneyText(long minor, string currency, string language)
    {
        var digits = Formats.MinorDigits(currency);
        var text = ((decimal)minor / Formats.Pow10(digits)).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return language == ConsoleLanguages.Portuguese ? text.Replace('.', ',') : text;
    }

    public static decimal? Number(string? text, string field, Texts t) =>
        string.IsNullOrWhiteSpace(text) ? null : Decimal(text) ?? throw Unreadable(field, t["Give a number, such as 10 or 12.5."]);

    public static int? Whole(string? text, string field, Texts t) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole
        : throw Unreadable(field, t["Give a whole number."]);

    /// <summary>A time typed in <paramref name="zone"/> (the operator's), as UTC.</summary>
    public static DateTime? LocalTime(string? text, TimeZoneInfo zone, string field, Texts t)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateTime.TryParseExact(text.Trim(), [LocalTimeFormat, LocalTimeFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            throw Unreadable(field, t["Give a date and time."]);
        // A clock moved forward skips an hour: a time in it never happens there.
        if (zone.IsInvalidTime(local))
            throw Unreadable(field, string.Format(CultureInfo.InvariantCulture, t["{0} does not happen in {1}: the clocks skip it."], text.Trim(), zone.Id));
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    }

    /// <summary>A UTC time as the <c>datetime-local</c> control shows it, in <paramref name="zone"/>.</summary>
    public static string LocalTimeText(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString(LocalTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Either decimal mark, no grouping: the page is read in English and in Portuguese.</summary>
    private static decimal? Decimal(string text) =>
        NumberPattern().IsMatch(text.Trim())
        && decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? number : null;

    private static int DecimalPlaces(decimal value) => (decimal.GetBits(Json.Normalize(value))[3] >> 16) & 0xFF;

    private static OmnimanException Unreadable(string field, string message) => new("validation_error", message, new { field });

    [GeneratedRegex(@"^-?\d+([.,]\d+)?$")]
    private static partial Regex NumberPattern();
}
