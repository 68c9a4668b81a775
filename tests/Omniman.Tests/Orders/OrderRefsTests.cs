using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Orders;

namespace Omniman.Tests.Orders;

public sealed class OrderRefsTests
{
    private static OrderRefs Refs(OmnimanOptions? options = null) => new(Options.Create(options ?? new OmnimanOptions()));

    [Fact]
    public void Next_FollowsPrefixDateAndRandomFormat_WhenOptionsAreDefault()
    {
        var orderRef = Refs().Next(Given.Now);

        Assert.Matches("^ORD-20251218-[A-Z2-9]{6}$", orderRef);
    }

    [Fact]
    public void Next_UsesConfiguredPrefixDateFormatAndLength_WhenOptionsAreCustom()
    {
        var refs = Refs(new OmnimanOptions { OrderRefPrefix = "PED-", OrderRefDateFormat = "yyMMdd", OrderRefRandomLength = 10 });

        Assert.Matches("^PED-251218-[A-Z2-9]{10}$", refs.Next(Given.Now));
    }

    [Fact]
    public void Next_UsesTheUtcDateGiven_WhenItIsLateInTheDay()
    {
        var orderRef = Refs().Next(new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc));

        Assert.StartsWith("ORD-20251231-", orderRef, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_UsesOnlyUnambiguousCharacters_WhenManyRefsAreDrawn()
    {
        var refs = Refs(new OmnimanOptions { OrderRefRandomLength = 12 });
        var random = string.Concat(Enumerable.Range(0, 500).Select(_ => refs.Next(Given.Now)[13..]));

        Assert.Equal(500 * 12, random.Length);
        Assert.DoesNotContain('0', random);
        Assert.DoesNotContain('O', random);
        Assert.DoesNotContain('1', random);
        Assert.DoesNotContain('I', random);
        Assert.DoesNotContain('L', random);
        Assert.All(random, c => Assert.Contains(c, RandomCodes.Alphabet));
    }

    [Fact]
    public void Next_DrawsDifferentRefs_WhenCalledRepeatedly()
    {
        var refs = Refs();

        var drawn = Enumerable.Range(0, 50).Select(_ => refs.Next(Given.Now)).ToList();

        Assert.Equal(50, drawn.Distinct().Count());
    }

    [Fact]
    public void Alphabet_HasNoLookAlikeCharacters_WhenInspected()
    {
        Assert.Equal(31, RandomCodes.Alphabet.Length);
        Assert.Equal(RandomCodes.Alphabet.Length, RandomCodes.Alphabet.Distinct().Count());
        Assert.Equal("", string.Concat(RandomCodes.Alphabet.Where("0O1IL".Contains)));
        Assert.All(RandomCodes.Alphabet, c => Assert.True(char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)));
    }

    [Fact]
    public void RandomCodes_UseEveryCharacterOfTheAlphabet_WhenEnoughAreDrawn()
    {
        var drawn = RandomCodes.Next(5000);

        Assert.Equal(5000, drawn.Length);
        Assert.Equal(RandomCodes.Alphabet.Order(), drawn.Distinct().Order());
    }
}
