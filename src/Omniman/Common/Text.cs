using System.Buffers;
using System.Text;

namespace Omniman.Common;

/// <summary>
/// Lengths of client text, counted in Unicode code points. That is what PostgreSQL's
/// <c>varchar(n)</c> counts, so a text that passes here fits its column; UTF-16 units would
/// refuse 33 emoji as "more than 64", and text elements (what a reader sees as one character)
/// could let a text through that the column then refuses.
/// </summary>
internal static class Text
{
    /// <summary>The number of code points; a lone surrogate counts as one.</summary>
    public static int Length(string value)
    {
        var length = 0;
        foreach (var _ in value.EnumerateRunes()) length++;
        return length;
    }

    /// <summary>Whether <paramref name="value"/> (null fits) has at most <paramref name="max"/> code points.</summary>
    public static bool Fits(string? value, int max) =>
        // A string never has more code points than UTF-16 units: the count is needed only past max units.
        value is null || value.Length <= max || Length(value) <= max;

    /// <summary>The first <paramref name="max"/> code points of a text that is not the client's (a gateway's reason), so it fits its column.</summary>
    public static string? Truncate(string? value, int max)
    {
        if (Fits(value, max)) return value;
        var builder = new StringBuilder();
        var count = 0;
        foreach (var rune in value!.EnumerateRunes())
        {
            if (count++ == max) break;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The words every length message uses, so each says which characters it counts.</summary>
    public static string AtMost(int max) => $"at most {max} characters (Unicode code points)";

    /// <summary>Refuses a text longer than <paramref name="max"/> code points as a <c>validation_error</c> naming the field.</summary>
    public static void EnsureAtMost(string field, string? value, int max, int? opIndex = null)
    {
        if (!Fits(value, max)) throw OmnimanException.Invalid(field, $"'{field}' has {AtMost(max)}.", opIndex);
    }

    /// <summary>
    /// The first code point of <paramref name="value"/> that is a control character (Unicode category
    /// Cc) or an invisible format character (Cf), or that is not one at all (a lone surrogate); null
    /// when there is none.
    /// </summary>
    public static string? FirstUnprintable(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done) return $"U+{(int)rest[0]:X4}";
            if (Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format)
                return $"U+{rune.Value:X4}";
            rest = rest[used..];
        }
        return null;
    }
}
