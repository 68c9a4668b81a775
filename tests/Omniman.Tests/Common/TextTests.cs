using Omniman.Common;

namespace Omniman.Tests.Common;

/// <summary>Client text is measured in code points, and one rule says what a SKU may hold.</summary>
public sealed class TextTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("кружка", 6)]
    [InlineData("杯子", 2)]
    [InlineData("😀", 1)]
    [InlineData("👍🏽", 2)]        // one text element, two code points: what PostgreSQL's varchar counts
    [InlineData("e\u0301", 2)]     // e and a combining acute
    public void Length_CountsCodePoints(string text, int expected) => Assert.Equal(expected, Text.Length(text));

    // Built in code: theory data cannot carry a lone surrogate intact.
    private static readonly string LoneSurrogate = "x" + (char)0xDC00;

    [Fact]
    public void LoneSurrogate_CountsAsOne_AndIsUnprintable()
    {
        Assert.Equal(2, Text.Length(LoneSurrogate));
        Assert.Equal("U+DC00", Text.FirstUnprintable(LoneSurrogate));
        Assert.NotNull(SkuRule.Problem(LoneSurrogate));
    }

    [Fact]
    public void Fits_Accepts64EmojiIn64_AndRefuses65()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 64));

        Assert.True(Text.Fits(emoji, 64));
        Assert.False(Text.Fits(emoji + "😀", 64));
        Assert.True(Text.Fits(null, 0));
    }

    [Fact]
    public void EnsureAtMost_NamesTheFieldAndTheUnit()
    {
        var ex = Assert.Throws<OmnimanException>(() => Text.EnsureAtMost("name", new string('x', 6), 5, opIndex: 2));

        Assert.Equal("validation_error", ex.Code);
        Assert.Equal("'name' has at most 5 characters (Unicode code points).", ex.Message);
        Assert.Equal(new Dictionary<string, object> { ["field"] = "name", ["op_index"] = 2 }, ex.Context);
        Text.EnsureAtMost("name", string.Concat(Enumerable.Repeat("😀", 5)), 5);
    }

    [Theory]
    [InlineData("plain text", null)]
    [InlineData("👨\u200D👩", "U+200D")]
    [InlineData("a\0b", "U+0000")]
    [InlineData("\u009F", "U+009F")]
    [InlineData("\u00ADsoft", "U+00AD")]
    [InlineData("\U000E0041", "U+E0041")]
    public void FirstUnprintable_FindsControlFormatAndInvalidCharacters(string text, string? expected) =>
        Assert.Equal(expected, Text.FirstUnprintable(text));
}

public sealed class SkuRuleTests
{
    [Theory]
    [InlineData("MUG")]
    [InlineData("A/B")]
    [InlineData("50%")]
    [InlineData("X%2FY")]
    [InlineData("caneca azul")]
    [InlineData("кружка")]
    [InlineData("杯子")]
    [InlineData("...")]
    [InlineData(" padded ")]
    public void Problem_IsNone_ForPrintableSkus(string sku) => Assert.Null(SkuRule.Problem(sku));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\0b")]
    [InlineData("tab\t")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("\u202Eevil")]
    [InlineData(".")]
    [InlineData("..")]
    public void Problem_IsSaid_ForSkusNoColumnOrUrlHolds(string? sku) => Assert.NotNull(SkuRule.Problem(sku));

    [Fact]
    public void Length_IsCountedInCodePoints()
    {
        Assert.Null(SkuRule.Problem(string.Concat(Enumerable.Repeat("😀", SkuRule.MaxLength))));
        Assert.Equal("A SKU has at most 64 characters (Unicode code points).", SkuRule.Problem(string.Concat(Enumerable.Repeat("😀", 65))));
    }

    [Fact]
    public void Ensure_RefusesNamingTheFieldAndOp()
    {
        var ex = Assert.Throws<OmnimanException>(() => SkuRule.Ensure("skus", "a\u0001", opIndex: 1));

        Assert.Equal("validation_error", ex.Code);
        Assert.Equal(new Dictionary<string, object> { ["field"] = "skus", ["op_index"] = 1 }, ex.Context);
        Assert.Equal("ok", SkuRule.Ensure("sku", "ok"));
    }
}
