using Omniman.Directives;

namespace Omniman.Tests.Directives;

public sealed class DirectiveHandlersTests
{
    private sealed class First;
    private sealed class Second;

    [Fact]
    public void Registry_FailsNamingTheTopic_WhenTwoHandlersShareIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DirectiveHandlers(
        [
            new DirectiveHandlerRegistration("stock.hold", typeof(First)),
            new DirectiveHandlerRegistration("stock.hold", typeof(Second)),
        ]));
        Assert.Contains("'stock.hold'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_FindsHandlerByTopic_WhenTopicsDiffer()
    {
        var handlers = new DirectiveHandlers([new("a", typeof(First)), new("b", typeof(Second))]);
        Assert.Equal(typeof(Second), handlers.For("b")?.HandlerType);
        Assert.Null(handlers.For("c"));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(10, 300)]
    public void Backoff_DoublesPerAttemptWithinJitter_UpToTheCap(int attempt, double expectedSeconds)
    {
        var options = new DirectiveOptions { BaseBackoffSeconds = 2, MaxBackoffSeconds = 300 };
        for (var i = 0; i < 50; i++)
            Assert.InRange(DirectiveDispatcher.Backoff(attempt, options).TotalSeconds, expectedSeconds * 0.8, expectedSeconds * 1.2);
    }
}
