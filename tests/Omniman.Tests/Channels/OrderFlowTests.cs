using Omniman.Channels;

namespace Omniman.Tests.Channels;

public sealed class OrderFlowTests
{
    private static readonly string[] Statuses =
        ["new", "confirmed", "processing", "ready", "dispatched", "delivered", "returned", "completed", "cancelled"];

    /// <summary>The default flow as SPEC §2 tabulates it, written out independently of the code.</summary>
    private static readonly (string From, string To)[] SpecAllowed =
    [
        ("new", "confirmed"), ("new", "cancelled"),
        ("confirmed", "processing"), ("confirmed", "ready"), ("confirmed", "cancelled"),
        ("processing", "ready"), ("processing", "cancelled"),
        ("ready", "dispatched"), ("ready", "completed"),
        ("dispatched", "delivered"), ("dispatched", "returned"),
        ("delivered", "completed"), ("delivered", "returned"),
        ("returned", "completed"),
    ];

    public static TheoryData<string, string> AllowedPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, to) in SpecAllowed) data.Add(from, to);
        return data;
    }

    public static TheoryData<string, string> ForbiddenPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses)
            {
                if (!SpecAllowed.Contains((from, to))) data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void Default_AllowsMove_WhenSpecTableListsIt(string from, string to)
    {
        Assert.True(OrderFlow.Default.Allows(from, to));
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void Default_RefusesMove_WhenSpecTableDoesNotListIt(string from, string to)
    {
        Assert.False(OrderFlow.Default.Allows(from, to));
    }

    [Fact]
    public void Default_HasExactlyTheSpecTransitions_WhenCounted()
    {
        Assert.Equal(SpecAllowed.Length, OrderFlow.Default.Transitions.Sum(t => t.Value.Count));
    }

    [Fact]
    public void Default_StartsAtNewWithNoAutoTransitions_WhenRead()
    {
        Assert.Equal("new", OrderFlow.Default.InitialStatus);
        Assert.Empty(OrderFlow.Default.AutoTransitions);
    }

    [Theory]
    [InlineData("completed", true)]
    [InlineData("cancelled", true)]
    [InlineData("new", false)]
    [InlineData("delivered", false)]
    [InlineData("returned", false)]
    public void Default_IsTerminal_OnlyForCompletedAndCancelled(string status, bool terminal)
    {
        Assert.Equal(terminal, OrderFlow.Default.IsTerminal(status));
    }

    [Fact]
    public void Default_NamesEveryStatusOfTheSpec_WhenStatusesAreListed()
    {
        Assert.Equal(Statuses.Order(), OrderFlow.Default.Statuses.Order());
    }

    [Theory]
    [InlineData("unknown", "new")]
    [InlineData("new", "unknown")]
    [InlineData("", "")]
    public void Allows_ReturnsFalse_WhenAStatusIsUnknown(string from, string to)
    {
        Assert.False(OrderFlow.Default.Allows(from, to));
    }

    [Fact]
    public void Allows_IsCaseSensitive_WhenStatusDiffersInCase()
    {
        Assert.False(OrderFlow.Default.Allows("New", "confirmed"));
        Assert.False(OrderFlow.Default.Allows("new", "Confirmed"));
    }
}
