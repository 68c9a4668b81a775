using Omniman.Common;
using Omniman.Directives;

namespace Omniman.Tests.Directives;

/// <summary>A handler's reason or an exception's message is kept on the directive, cut to its length without breaking a character.</summary>
public sealed class DirectiveErrorTests
{
    [Fact]
    public void Truncated_KeepsWholeCharacters_WhenTheCutFallsInsideAnEmoji()
    {
        // An outside service's answer (a marketplace's 4xx body) with an emoji across the cut.
        var reason = new string('a', Directive.MaxErrorLength - 1) + "😀" + "tail";

        var kept = Directive.Truncated(reason)!;

        // Half an emoji is no text: Npgsql's strict UTF-8 writer refuses it, so the failure could not be recorded.
        Assert.Null(Text.FirstUnprintable(kept));
        Assert.Equal(Directive.MaxErrorLength, Text.Length(kept));
        Assert.EndsWith("a😀", kept, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_KeepsAShortReasonAsItIs() => Assert.Equal("declined", Directive.Truncated("declined"));
}
