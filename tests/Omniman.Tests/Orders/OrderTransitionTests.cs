using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Orders;
using Omniman.Sessions;

namespace Omniman.Tests.Orders;

public sealed class OrderTransitionTests
{
    private static Order NewOrder(Channel? channel = null)
    {
        channel ??= Given.Channel();
        var session = Given.Session(channel);
        session.AddLine("A", 2, 500);
        return Order.FromSession(session, channel, "ORD-20251218-ABC234", "BRL", "api-key", Given.Now);
    }

    private static Order At(string status)
    {
        var order = NewOrder();
        var path = new Dictionary<string, string[]>
        {
            ["new"] = [],
            ["confirmed"] = ["confirmed"],
            ["processing"] = ["confirmed", "processing"],
            ["ready"] = ["confirmed", "ready"],
            ["dispatched"] = ["confirmed", "ready", "dispatched"],
            ["delivered"] = ["confirmed", "ready", "dispatched", "delivered"],
            ["returned"] = ["confirmed", "ready", "dispatched", "returned"],
            ["completed"] = ["confirmed", "ready", "completed"],
            ["cancelled"] = ["cancelled"],
        }[status];
        foreach (var next in path) order.TransitionTo(next, OrderFlow.Default, "setup", null, Given.Now);
        Assert.Equal(status, order.Status);
        return order;
    }

    [Fact]
    public void TransitionTo_MovesAndRecordsEvent_WhenFlowAllowsIt()
    {
        var order = NewOrder();
        var at = Given.Now.AddMinutes(3);

        var moved = order.TransitionTo("confirmed", OrderFlow.Default, "kitchen", "accepted", at);

        Assert.True(moved);
        Assert.Equal("confirmed", order.Status);
        Assert.Equal(at, order.EnteredAt("confirmed"));
        Assert.Equal(at, order.UpdatedAt);
        var evt = order.Events[^1];
        Assert.Equal("status_changed", evt.Type);
        Assert.Equal("kitchen", evt.Actor);
        Assert.Equal("new", evt.Payload.Text("from"));
        Assert.Equal("confirmed", evt.Payload.Text("to"));
        Assert.Equal("accepted", evt.Payload.Text("reason"));
        Assert.Equal(at, evt.CreatedAt);
    }

    [Fact]
    public void TransitionTo_ReturnsFalseWithoutEvent_WhenStatusIsUnchanged()
    {
        var order = At("confirmed");
        var events = order.Events.Count;
        var updated = order.UpdatedAt;

        var moved = order.TransitionTo("confirmed", OrderFlow.Default, "webhook", null, Given.Now.AddHours(1));

        Assert.False(moved);
        Assert.Equal(events, order.Events.Count);
        Assert.Equal(updated, order.UpdatedAt);
        Assert.Equal("confirmed", order.Status);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public void TransitionTo_ReturnsFalse_WhenTerminalOrderIsMovedToItsOwnStatus(string status)
    {
        var order = At(status);

        Assert.False(order.TransitionTo(status, OrderFlow.Default, "webhook", null, Given.Now));
    }

    [Theory]
    [InlineData("new", "completed")]
    [InlineData("new", "processing")]
    [InlineData("confirmed", "new")]
    [InlineData("ready", "cancelled")]
    [InlineData("returned", "delivered")]
    [InlineData("new", "teleported")]
    public void TransitionTo_ThrowsInvalidTransition_WhenFlowForbidsIt(string from, string to)
    {
        var order = At(from);
        var events = order.Events.Count;

        var ex = Rules.Throws("invalid_transition", () => order.TransitionTo(to, OrderFlow.Default, "x", null, Given.Now));

        Assert.Equal(from, ex.Context().Text("current_status"));
        Assert.Equal(to, ex.Context().Text("requested_status"));
        Assert.Equal(OrderFlow.Default.Transitions[from], ex.Context()["allowed"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(from, order.Status);
        Assert.Equal(events, order.Events.Count);
    }

    [Theory]
    [InlineData("completed", "new")]
    [InlineData("completed", "returned")]
    [InlineData("cancelled", "confirmed")]
    [InlineData("cancelled", "nowhere")]
    public void TransitionTo_ThrowsTerminalStatus_WhenOrderIsTerminal(string from, string to)
    {
        var order = At(from);

        var ex = Rules.Throws("terminal_status", () => order.TransitionTo(to, OrderFlow.Default, "x", null, Given.Now));

        Assert.Equal(from, ex.Context().Text("current_status"));
        Assert.Equal(to, ex.Context().Text("requested_status"));
        Assert.Equal(from, order.Status);
    }

    [Fact]
    public void TransitionTo_StampsEachStatusOnce_WhenWalkingTheWholeFlow()
    {
        var order = NewOrder();
        var steps = new[] { "confirmed", "processing", "ready", "dispatched", "delivered", "returned", "completed" };

        for (var i = 0; i < steps.Length; i++)
            order.TransitionTo(steps[i], OrderFlow.Default, "x", null, Given.Now.AddMinutes(i + 1));

        Assert.Equal(Given.Now.AddMinutes(1), order.EnteredAt("confirmed"));
        Assert.Equal(Given.Now.AddMinutes(2), order.EnteredAt("processing"));
        Assert.Equal(Given.Now.AddMinutes(3), order.EnteredAt("ready"));
        Assert.Equal(Given.Now.AddMinutes(4), order.EnteredAt("dispatched"));
        Assert.Equal(Given.Now.AddMinutes(5), order.EnteredAt("delivered"));
        Assert.Equal(Given.Now.AddMinutes(6), order.EnteredAt("returned"));
        Assert.Equal(Given.Now.AddMinutes(7), order.EnteredAt("completed"));
        Assert.Null(order.EnteredAt("cancelled"));
        Assert.Equal(1 + steps.Length, order.Events.Count);
    }

    [Fact]
    public void TransitionTo_StampsCancelledAt_WhenCancelled()
    {
        var order = NewOrder();

        order.TransitionTo("cancelled", OrderFlow.Default, "x", null, Given.Now.AddMinutes(9));

        Assert.Equal(Given.Now.AddMinutes(9), order.EnteredAt("cancelled"));
        Assert.Null(order.EnteredAt("confirmed"));
    }

    [Fact]
    public void TransitionTo_KeepsFirstTimestamp_WhenStatusIsEnteredAgain()
    {
        var channel = Given.ChannelWithConfig("""
            {"order_flow": {"transitions": {"new": ["confirmed"], "confirmed": ["processing"], "processing": ["confirmed", "completed"]}}}
            """);
        var flow = channel.Settings.OrderFlow;
        var order = NewOrder(channel);

        order.TransitionTo("confirmed", flow, "x", null, Given.Now.AddMinutes(1));
        order.TransitionTo("processing", flow, "x", null, Given.Now.AddMinutes(2));
        order.TransitionTo("confirmed", flow, "x", null, Given.Now.AddMinutes(3));

        Assert.Equal("confirmed", order.Status);
        Assert.Equal(Given.Now.AddMinutes(1), order.EnteredAt("confirmed"));
        Assert.Equal(Given.Now.AddMinutes(3), order.UpdatedAt);
        Assert.Equal(4, order.Events.Count);
    }

    [Fact]
    public void TransitionTo_FollowsTheGivenFlow_WhenChannelHasACustomOne()
    {
        var channel = Given.ChannelWithConfig("""
            {"order_flow": {"initial_status": "placed", "transitions": {"placed": ["accepted"], "accepted": ["done"]}, "terminal_statuses": ["done"]}}
            """);
        var order = NewOrder(channel);
        var flow = channel.Settings.OrderFlow;

        Assert.Equal("placed", order.Status);
        Rules.Throws("invalid_transition", () => order.TransitionTo("confirmed", flow, "x", null, Given.Now));
        Assert.True(order.TransitionTo("accepted", flow, "x", null, Given.Now));
        Assert.True(order.TransitionTo("done", flow, "x", null, Given.Now));
        Rules.Throws("terminal_status", () => order.TransitionTo("accepted", flow, "x", null, Given.Now));
    }

    [Fact]
    public void FromSession_CopiesSessionIntoOrderWithCreatedEvent_WhenFlowHasNoAutoTransition()
    {
        var channel = Given.Channel(PricingPolicies.Internal);
        var session = Session.Open(channel, "SESS-1", "table", "7", Given.Now);
        session.Apply("""
            [{"op": "add_line", "sku": "A", "name": "Alpha", "qty": 1.5, "unit_price_q": 333, "meta": {"k": "v"}},
             {"op": "set_data", "path": "external_ref", "value": "EXT-9"}]
            """);

        var order = Order.FromSession(session, channel, "ORD-20251218-ABC234", "BRL", "api-key", Given.Now.AddMinutes(1));

        Assert.Equal("ORD-20251218-ABC234", order.Ref);
        Assert.Equal("new", order.Status);
        Assert.Equal(("pos", "SESS-1"), (order.ChannelCode, order.SessionKey));
        Assert.Equal(("table", "7"), (order.HandleType, order.HandleRef));
        Assert.Equal("EXT-9", order.ExternalRef);
        Assert.Equal("BRL", order.Currency);
        Assert.Equal(500, order.TotalQ);
        Assert.Equal(Given.Now.AddMinutes(1), order.CreatedAt);
        Assert.Null(order.EnteredAt("confirmed"));
        var item = Assert.Single(order.Items);
        Assert.Equal((session.Items[0].LineId, "A", "Alpha", 1.5m, 333L, 500L), (item.LineId, item.Sku, item.Name, item.Qty, item.UnitPriceQ, item.LineTotalQ));
        Assert.Equal("v", item.Meta.Text("k"));
        var created = Assert.Single(order.Events);
        Assert.Equal("created", created.Type);
        Assert.Equal("api-key", created.Actor);
        Assert.Equal("new", created.Payload.Text("status"));
    }

    [Fact]
    public void FromSession_SnapshotsTheSession_WhenCommitted()
    {
        var channel = Given.Channel();
        var session = Given.Session(channel);
        session.AddLine("A", 2, 100);
        session.Apply("""[{"op": "set_data", "path": "customer.name", "value": "Ana"}]""");

        var order = Order.FromSession(session, channel, "ORD-1", "BRL", null, Given.Now);

        var snapshot = order.Snapshot.ToNode();
        Assert.Equal(Order.SnapshotVersion, snapshot["_v"]!.GetValue<int>());
        Assert.Equal(2, snapshot["rev"]!.GetValue<int>());
        Assert.Equal("pos", snapshot.Text("channel_code"));
        Assert.Equal("internal", snapshot.Text("pricing_policy"));
        Assert.Equal("A", snapshot["items"]![0].Text("sku"));
        Assert.Equal(200, snapshot["items"]![0]!["line_total_q"]!.GetValue<long>());
        Assert.Equal("Ana", snapshot["data"]!["customer"].Text("name"));
        Assert.Equal(200, snapshot["pricing"]!["total_q"]!.GetValue<long>());
    }

    [Fact]
    public void FromSession_IsUnaffected_WhenSessionChangesAfterwards()
    {
        var channel = Given.Channel();
        var session = Given.Session(channel);
        session.Apply("""[{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 100, "meta": {"k": 1}}]""");
        var order = Order.FromSession(session, channel, "ORD-1", "BRL", null, Given.Now);

        session.Items[0].Meta!["k"] = 2;
        session.Data["late"] = true;

        Assert.Equal(1, order.Items[0].Meta!["k"]!.GetValue<int>());
        Assert.False(order.Snapshot.ToNode()["data"]!.AsObject().ContainsKey("late"));
    }

    [Fact]
    public void FromSession_IgnoresExternalRef_WhenItIsNotAString()
    {
        var channel = Given.Channel();
        var session = Given.Session(channel);
        session.Apply("""[{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 1}, {"op": "set_data", "path": "external_ref", "value": 42}]""");

        Assert.Null(Order.FromSession(session, channel, "ORD-1", "BRL", null, Given.Now).ExternalRef);
    }

    [Fact]
    public void FromSession_AppliesOnCreateAutoTransition_WhenChannelConfiguresOne()
    {
        var channel = Given.ChannelWithConfig("""{"order_flow": {"auto_transitions": {"on_create": "confirmed"}}}""");

        var order = NewOrder(channel);

        Assert.Equal("confirmed", order.Status);
        Assert.Equal(Given.Now, order.EnteredAt("confirmed"));
        Assert.Equal(["created", "status_changed"], order.Events.Select(e => e.Type));
        var auto = order.Events[1];
        Assert.Equal("system", auto.Actor);
        Assert.Equal("new", auto.Payload.Text("from"));
        Assert.Equal("confirmed", auto.Payload.Text("to"));
        Assert.Equal("auto_transitions.on_create", auto.Payload.Text("reason"));
        Assert.Equal("new", order.Events[0].Payload.Text("status"));
    }

    [Fact]
    public void FromSession_StampsInitialStatus_WhenInitialStatusHasATimestamp()
    {
        var channel = Given.ChannelWithConfig("""
            {"order_flow": {"initial_status": "confirmed", "transitions": {"confirmed": ["completed"]}}}
            """);

        var order = NewOrder(channel);

        Assert.Equal("confirmed", order.Status);
        Assert.Equal(Given.Now, order.EnteredAt("confirmed"));
    }

    [Fact]
    public void FromSession_IgnoresOtherAutoTransitions_WhenOnlyOnCreateAppliesAtCommit()
    {
        var channel = Given.ChannelWithConfig("""{"order_flow": {"auto_transitions": {"on_payment_confirm": "confirmed"}}}""");

        var order = NewOrder(channel);

        Assert.Equal("new", order.Status);
        Assert.Single(order.Events);
    }

    [Fact]
    public void FromSession_Works_WhenSessionHasNoData()
    {
        var order = NewOrder();

        Assert.Null(order.ExternalRef);
        Assert.IsType<JsonObject>(order.Snapshot.ToNode()["data"]);
    }
}
