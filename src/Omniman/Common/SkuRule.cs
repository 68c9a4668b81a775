namespace Omniman.Common;

/// <summary>
/// What a SKU may be, wherever a client gives one: a line's op, a stock level or its alternatives,
/// a catalog product, a promotion's SKUs. One rule, so a SKU that can be sold can also be stocked,
/// priced and addressed, and holds and prices find it.
/// </summary>
internal static class SkuRule
{
    /// <summary>The longest SKU, in code points (<see cref="Text"/>); every SKU column holds this many.</summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="sku"/> is not a SKU, or null when it is one.</summary>
    public static string? Problem(string? sku)
    {
        if (string.IsNullOrWhiteSpace(sku)) return "A SKU cannot be blank.";
        if (!Text.Fits(sku, MaxLength)) return $"A SKU has {Text.AtMost(MaxLength)}.";
        // Control characters: PostgreSQL refuses a NUL that SQLite keeps, and the price cache refuses
        // keys holding any. Format characters (zero-width spaces, bidi overrides, BOMs) are invisible:
        // "AB" and "A\u200BB" would look the same on every screen and label and be two SKUs, one of
        // them never stocked or priced. Lone surrogates are no text at all.
        if (Text.FirstUnprintable(sku) is { } bad) return $"A SKU cannot hold control, format or invalid characters ({bad}).";
        // URL paths drop these segments before any route sees them: no URL could address such a SKU.
        if (sku is "." or "..") return "A SKU cannot be '.' or '..'.";
        return null;
    }

    /// <summary>Returns <paramref name="sku"/>, or refuses it as a <c>validation_error</c> naming <paramref name="field"/>.</summary>
    public static string Ensure(string field, string? sku, int? opIndex = null) =>
        Problem(sku) is { } problem ? throw OmnimanException.Invalid(field, problem, opIndex) : sku!;
}
