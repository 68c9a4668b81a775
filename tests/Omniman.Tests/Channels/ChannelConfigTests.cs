using System.Text.Json.Nodes;
using Omniman.Channels;

namespace Omniman.Tests.Channels;

public sealed class ChannelConfigTests
{
    private const string SpecExample = """
        {
          "required_checks_on_commit": ["stock"],
          "checks": {"stock": {"directive_topic": "stock.hold", "hold_ttl_minutes": 15}},
          "post_commit_directives": ["stock.commit", "payment.capture"],
          "order_flow": {
            "initial_status": "new",
            "transitions": {"new": ["confirmed", "cancelled"], "confirmed": ["processing", "cancelled"]},
            "terminal_statuses": ["completed", "cancelled"],
            "auto_transitions": {"on_create": "confirmed", "on_stock_commit": "confirmed", "on_payment_confirm": "confirmed"}
          },
          "status_mapping": {"CFM": "confirmed", "CAN": "cancelled"},
          "terminology": {"session": "Tab", "order": "Pedido"},
          "icon": "point_of_sale"
        }
        """;

    private static ChannelConfig Parse(string json) => ChannelConfig.Parse(Given.Object(json));

    [Fact]
    public void Parse_ReadsEverySetting_WhenConfigIsTheSpecExample()
    {
        var config = Parse(SpecExample);

        Assert.Equal(["stock"], config.RequiredChecksOnCommit);
        var stock = config.Check("stock");
        Assert.Equal("stock.hold", stock.DirectiveTopic);
        Assert.Equal(15, stock.HoldTtlMinutes);
        Assert.Equal(["stock.commit", "payment.capture"], config.PostCommitDirectives);
        var flow = config.OrderFlow;
        Assert.NotSame(OrderFlow.Default, flow);
        Assert.Equal("new", flow.InitialStatus);
        Assert.Equal(["confirmed", "cancelled"], flow.Transitions["new"]);
        Assert.Equal(["processing", "cancelled"], flow.Transitions["confirmed"]);
        Assert.False(flow.Transitions.ContainsKey("processing"));
        Assert.Equal(["completed", "cancelled"], flow.TerminalStatuses);
        Assert.Equal("confirmed", flow.AutoTransitions["on_create"]);
        Assert.Equal(3, flow.AutoTransitions.Count);
        Assert.Equal("confirmed", config.StatusMapping["CFM"]);
        Assert.Equal("cancelled", config.StatusMapping["CAN"]);
        Assert.Null(config.Currency);
    }

    [Fact]
    public void Parse_UsesDefaultFlow_WhenOrderFlowIsAbsent()
    {
        var config = Parse("""{"required_checks_on_commit": ["stock"]}""");

        Assert.Same(OrderFlow.Default, config.OrderFlow);
    }

    [Fact]
    public void Parse_ReturnsEmptySettings_WhenConfigIsNullOrEmpty()
    {
        foreach (var config in new[] { ChannelConfig.Parse(null), Parse("{}") })
        {
            Assert.Empty(config.RequiredChecksOnCommit);
            Assert.Empty(config.Checks);
            Assert.Empty(config.PostCommitDirectives);
            Assert.Empty(config.StatusMapping);
            Assert.Same(OrderFlow.Default, config.OrderFlow);
        }
    }

    [Fact]
    public void Parse_DefaultsCheckTopicToCodeDotHold_WhenTopicIsNotGiven()
    {
        var config = Parse("""{"checks": {"stock": {}, "fraud": {"hold_ttl_minutes": 2}}}""");

        Assert.Equal("stock.hold", config.Checks["stock"].DirectiveTopic);
        Assert.Equal("fraud.hold", config.Checks["fraud"].DirectiveTopic);
        Assert.Null(config.Checks["stock"].HoldTtlMinutes);
    }

    [Fact]
    public void Check_DefaultsTopicToCodeDotHold_WhenCheckIsNotDeclared()
    {
        var config = Parse("""{"required_checks_on_commit": ["stock"]}""");

        var check = config.Check("stock");

        Assert.Equal("stock", check.Code);
        Assert.Equal("stock.hold", check.DirectiveTopic);
        Assert.Null(check.HoldTtlMinutes);
    }

    [Fact]
    public void Parse_KeepsCustomTopic_WhenTopicIsGiven()
    {
        var config = Parse("""{"checks": {"stock": {"directive_topic": "inventory.reserve"}}}""");

        Assert.Equal("inventory.reserve", config.Check("stock").DirectiveTopic);
    }

    [Theory]
    [InlineData("0.05", 0.05)]
    [InlineData("1.5", 1.5)]
    [InlineData("15", 15.0)]
    public void Parse_AcceptsDecimalHoldTtl_WhenItIsPositive(string ttl, double expected)
    {
        var config = Parse("""{"checks": {"stock": {"hold_ttl_minutes": """ + ttl + "}}}");

        Assert.Equal(expected, config.Check("stock").HoldTtlMinutes);
    }

    [Fact]
    public void Parse_AcceptsCustomRequiredCheck_WhenItIsDeclaredUnderChecks()
    {
        var config = Parse("""{"required_checks_on_commit": ["stock", "fraud"], "checks": {"fraud": {"directive_topic": "fraud.score"}}}""");

        Assert.Equal(["stock", "fraud"], config.RequiredChecksOnCommit);
        Assert.Equal("fraud.score", config.Check("fraud").DirectiveTopic);
    }

    [Fact]
    public void Parse_ReadsCurrency_WhenGiven()
    {
        Assert.Equal("USD", Parse("""{"currency": "USD"}""").Currency);
    }

    [Fact]
    public void Parse_UsesDefaultTransitions_WhenFlowGivesOnlyTerminalStatuses()
    {
        var config = Parse("""{"order_flow": {"terminal_statuses": ["completed", "cancelled", "refunded"]}}""");

        Assert.Equal(["completed", "cancelled", "refunded"], config.OrderFlow.TerminalStatuses);
        Assert.True(config.OrderFlow.Allows("new", "confirmed"));
        Assert.True(config.OrderFlow.IsTerminal("refunded"));
        Assert.Equal("new", config.OrderFlow.InitialStatus);
    }

    [Fact]
    public void Parse_UsesDefaultTerminalStatuses_WhenFlowGivesOnlyTransitions()
    {
        var config = Parse("""{"order_flow": {"transitions": {"new": ["completed", "cancelled"]}}}""");

        Assert.Equal(["completed", "cancelled"], config.OrderFlow.TerminalStatuses);
        Assert.False(config.OrderFlow.Allows("new", "confirmed"));
    }

    [Fact]
    public void Parse_AcceptsCustomFlow_WhenInitialStatusHasTransitions()
    {
        var config = Parse("""
            {"order_flow": {"initial_status": "placed", "transitions": {"placed": ["accepted", "rejected"], "accepted": ["done"]},
             "terminal_statuses": ["done", "rejected"], "auto_transitions": {"on_payment_confirm": "accepted"}}}
            """);

        Assert.Equal("placed", config.OrderFlow.InitialStatus);
        Assert.True(config.OrderFlow.Allows("placed", "accepted"));
        Assert.Equal("accepted", config.OrderFlow.AutoTransitions["on_payment_confirm"]);
    }

    [Fact]
    public void Parse_AcceptsInitialStatus_WhenItIsNamedInTheFlowOnlyAsATarget()
    {
        var config = Parse("""
            {"order_flow": {"initial_status": "confirmed", "transitions": {"new": ["confirmed"]}, "terminal_statuses": ["cancelled"]}}
            """);

        Assert.Equal("confirmed", config.OrderFlow.InitialStatus);
    }

    [Fact]
    public void Parse_AcceptsOnCreate_WhenItTargetsTheInitialStatus()
    {
        var config = Parse("""{"order_flow": {"auto_transitions": {"on_create": "new"}}}""");

        Assert.Equal("new", config.OrderFlow.AutoTransitions["on_create"]);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("processing")]
    public void Parse_ThrowsValidationError_WhenOnCreateTargetIsNotAllowedFromInitialStatus(string target)
    {
        // Every commit on such a channel would fail with invalid_transition.
        var ex = Rules.Throws("validation_error", () => Parse("{\"order_flow\": {\"auto_transitions\": {\"on_create\": \"" + target + "\"}}}"));

        Assert.Equal("order_flow.auto_transitions.on_create", ex.Context().Text("key"));
    }

    [Fact]
    public void Parse_IgnoresUnknownKeys_WhenTheyAreClientSettings()
    {
        var config = Parse("""{"terminology": {"session": "Tab"}, "icon": "point_of_sale", "anything": [1, 2]}""");

        Assert.Same(OrderFlow.Default, config.OrderFlow);
    }

    public static TheoryData<string, string> InvalidConfigs => new()
    {
        { """{"checks": []}""", "checks" },
        { """{"checks": {"stock": 5}}""", "checks.stock" },
        { """{"checks": {"stock": {"directive_topic": 5}}}""", "checks.stock.directive_topic" },
        { """{"checks": {"stock": {"hold_ttl_minutes": 0}}}""", "checks.stock.hold_ttl_minutes" },
        { """{"checks": {"stock": {"hold_ttl_minutes": -1.5}}}""", "checks.stock.hold_ttl_minutes" },
        { """{"checks": {"stock": {"hold_ttl_minutes": "15"}}}""", "checks.stock.hold_ttl_minutes" },
        { """{"checks": {"stock": {"hold_ttl_minutes": 1e400}}}""", "checks.stock.hold_ttl_minutes" },
        { """{"required_checks_on_commit": "stock"}""", "required_checks_on_commit" },
        { """{"required_checks_on_commit": ["fraud"]}""", "required_checks_on_commit" },
        { """{"required_checks_on_commit": [""]}""", "required_checks_on_commit" },
        { """{"required_checks_on_commit": [5]}""", "required_checks_on_commit" },
        { """{"post_commit_directives": {"a": 1}}""", "post_commit_directives" },
        { """{"post_commit_directives": ["stock.commit", null]}""", "post_commit_directives" },
        { """{"order_flow": []}""", "order_flow" },
        { """{"order_flow": {"transitions": ["new"]}}""", "order_flow.transitions" },
        { """{"order_flow": {"transitions": {"new": "confirmed"}}}""", "order_flow.transitions.new" },
        { """{"order_flow": {"terminal_statuses": "completed"}}""", "order_flow.terminal_statuses" },
        { """{"order_flow": {"transitions": {"new": ["done"], "done": ["new"]}, "terminal_statuses": ["done"]}}""", "order_flow.terminal_statuses" },
        { """{"order_flow": {"terminal_statuses": ["confirmed"]}}""", "order_flow.terminal_statuses" },
        { """{"order_flow": {"initial_status": "draft"}}""", "order_flow.initial_status" },
        { """{"order_flow": {"initial_status": 1}}""", "order_flow.initial_status" },
        { """{"order_flow": {"auto_transitions": {"on_ship": "confirmed"}}}""", "order_flow.auto_transitions.on_ship" },
        { """{"order_flow": {"auto_transitions": {"on_create": "approved"}}}""", "order_flow.auto_transitions.on_create" },
        { """{"order_flow": {"auto_transitions": {"on_create": 5}}}""", "order_flow.auto_transitions.on_create" },
        { """{"order_flow": {"auto_transitions": []}}""", "order_flow.auto_transitions" },
        { """{"status_mapping": ["CFM"]}""", "status_mapping" },
        { """{"status_mapping": {"CFM": 1}}""", "status_mapping.CFM" },
        { """{"status_mapping": {"CFM": "approved"}}""", "status_mapping.CFM" },
        { """{"currency": 986}""", "currency" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Parse_ThrowsValidationErrorNamingTheKey_WhenConfigIsInvalid(string json, string key)
    {
        var ex = Rules.Throws("validation_error", () => Parse(json));

        Assert.Equal(key, ex.Context().Text("key"));
        Assert.Equal("config", ex.Context().Text("field"));
    }

    [Fact]
    public void Parse_AcceptsStatusMapping_WhenTargetsAreInACustomFlow()
    {
        var config = Parse("""
            {"order_flow": {"initial_status": "placed", "transitions": {"placed": ["done"]}, "terminal_statuses": ["done"]},
             "status_mapping": {"P": "placed", "D": "done"}}
            """);

        Assert.Equal("done", config.StatusMapping["D"]);
    }

    [Fact]
    public void Parse_RejectsDefaultFlowStatus_WhenCustomFlowDoesNotNameIt()
    {
        var ex = Rules.Throws("validation_error", () => Parse("""
            {"order_flow": {"initial_status": "placed", "transitions": {"placed": ["done"]}, "terminal_statuses": ["done"]},
             "status_mapping": {"C": "confirmed"}}
            """));

        Assert.Equal("status_mapping.C", ex.Context().Text("key"));
    }

    [Fact]
    public void Parse_DoesNotKeepReferencesToTheDocument_WhenDocumentChangesAfterwards()
    {
        var json = Given.Object("""{"required_checks_on_commit": ["stock"]}""");
        var config = ChannelConfig.Parse(json);

        json["required_checks_on_commit"]!.AsArray().Add("fraud");

        Assert.Equal(["stock"], config.RequiredChecksOnCommit);
    }

    [Fact]
    public void Parse_Throws_WhenRequiredCheckListHoldsAnObject()
    {
        var config = new JsonObject { ["required_checks_on_commit"] = new JsonArray(new JsonObject()) };

        Rules.Throws("validation_error", () => ChannelConfig.Parse(config));
    }
}
