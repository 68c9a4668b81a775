using Omniman.Channels;
using Omniman.Orders;

namespace Omniman.Tests.Orders;

/// <summary>Inbound status mapping is monotonic: duplicates, late and out-of-order reports never move an order back (issue #14).</summary>
public sealed class ExternalStatusTests
{
    private static readonly Dictionary<string, string> Mapping = new()
    {
        ["PLC"] = "new", ["CFM"] = "confirmed", ["RTP"] = "ready", ["DSP"] = "dispatched", ["CON"] = "completed", ["CAN"] = "cancelled",
    };

    private static Order NewOrder()
    {
        var channel = Given.Channel();
        var session = Given.Session(channel);
        session.AddLine("A", 1, 500);
        return Order.FromSession(session, channel, "ORD-20251218-EXT234", "BRL", "api-key", Given.Now);
    }

    private static ExternalStatusOutcome Apply(Order order, string code) =>
        order.ApplyExternalStatus(code, Mapping, OrderFlow.Default, "ifood", Given.Now.AddMinutes(1));

    [Theory]
    [InlineData("new", "confirmed", new[] { "confirmed" })]
    [InlineData("new", "dispatched", new[] { "confirmed", "ready", "dispatched" })]
    [InlineData("confirmed", "completed", new[] { "ready", "completed" })]
    [InlineData("new", "new", new string[0])]
    public void PathTo_IsTheFewestMovesTheFlowAllows(string from, string to, string[] path) =>
        Assert.Equal(path, OrderFlow.Default.PathTo(from, to));

    [Theory]
    [InlineData("confirmed", "new")]
    [InlineData("cancelled", "confirmed")]
    [InlineData("dispatched", "ready")]
    public void PathTo_IsNull_WhenTheFlowCannotGetThere(string from, string to) => Assert.Null(OrderFlow.Default.PathTo(from, to));

    [Fact]
    public void SkippedStatuses_AreWalked_EachMoveAnEvent()
    {
        var order = NewOrder();

        Assert.Equal(ExternalStatusOutcome.Moved, Apply(order, "DSP"));

        Assert.Equal("dispatched", order.Status);
        Assert.Equal(["confirmed", "ready", "dispatched"], order.Events.Where(e => e.Type == "status_changed").Select(e => e.Payload["to"]!.GetValue<string>()));
        Assert.All(order.Events.Skip(1), e => Assert.Equal("status_mapping:DSP", e.Payload["reason"]!.GetValue<string>()));
        Assert.Equal(3, order.TakeMoves().Count);
    }

    [Fact]
    public void Duplicate_ChangesNothing()
    {
        var order = NewOrder();
        Apply(order, "CFM");
        var events = order.Events.Count;

        Assert.Equal(ExternalStatusOutcome.Duplicate, Apply(order, "CFM"));
        Assert.Equal(events, order.Events.Count);
    }

    [Theory]
    [InlineData("CFM")]   // late: the order went through confirmed on its way
    [InlineData("PLC")]   // the initial status, long passed
    [InlineData("RTP")]   // out of order: a dispatched order cannot be ready again
    public void LateOrOutOfOrder_ChangesNothing(string code)
    {
        var order = NewOrder();
        Apply(order, "DSP");
        order.TakeMoves();
        var events = order.Events.Count;

        Assert.Equal(ExternalStatusOutcome.Passed, Apply(order, code));
        Assert.Equal("dispatched", order.Status);
        Assert.Equal(events, order.Events.Count);
        Assert.Empty(order.TakeMoves());
    }

    [Fact]
    public void ACancelAfterCompletion_ChangesNothing()
    {
        var order = NewOrder();
        Apply(order, "CON");

        Assert.Equal(ExternalStatusOutcome.Passed, Apply(order, "CAN"));
        Assert.Equal("completed", order.Status);
    }

    [Fact]
    public void UnknownCode_IsRecordedAsAnEvent_AndMovesNothing()
    {
        var order = NewOrder();

        Assert.Equal(ExternalStatusOutcome.UnknownCode, Apply(order, "XYZ"));

        Assert.Equal("new", order.Status);
        var recorded = order.Events[^1];
        Assert.Equal(OrderEvent.ExternalStatusUnknown, recorded.Type);
        Assert.Equal("XYZ", recorded.Payload["code"]!.GetValue<string>());
        Assert.Empty(order.TakeMoves());
    }
}
