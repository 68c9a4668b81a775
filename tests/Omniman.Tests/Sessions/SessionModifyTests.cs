using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Sessions;

namespace Omniman.Tests.Sessions;

public sealed class SessionModifyTests
{
    [Fact]
    public void Open_CopiesChannelPoliciesAndStartsEmptyAtRevZero_WhenChannelIsGiven()
    {
        var channel = Given.Channel(PricingPolicies.Mixed, EditPolicies.Locked, code: "ifood");

        var session = Session.Open(channel, "SESS-1", "table", "7", Given.Now);

        Assert.Equal("ifood", session.ChannelCode);
        Assert.Equal(PricingPolicies.Mixed, session.PricingPolicy);
        Assert.Equal(EditPolicies.Locked, session.EditPolicy);
        Assert.Equal(0, session.Rev);
        Assert.Equal(SessionStates.Open, session.State);
        Assert.Equal(("table", "7"), (session.HandleType, session.HandleRef));
        Assert.Empty(session.Items);
        Assert.Equal(0, session.Pricing["total_q"]!.GetValue<long>());
        Assert.Equal(Given.Now, session.OpenedAt);
    }

    [Fact]
    public void Modify_MovesRevByOne_WhenOpsApply()
    {
        var session = Given.Session();

        session.AddLine();
        session.AddLine();

        Assert.Equal(2, session.Rev);
    }

    [Fact]
    public void Modify_MovesRevByOnlyOne_WhenARequestHasManyOps()
    {
        var session = Given.Session();

        session.Apply("""
            [{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 1}, {"op": "add_line", "sku": "B", "qty": 1, "unit_price_q": 1},
             {"op": "set_data", "path": "x", "value": 1}]
            """);

        Assert.Equal(1, session.Rev);
    }

    [Fact]
    public void Modify_StampsUpdatedAt_WhenOpsApply()
    {
        var session = Given.Session();
        var later = Given.Now.AddMinutes(5);

        session.Apply("""[{"op": "set_data", "path": "x", "value": 1}]""", at: later);

        Assert.Equal(later, session.UpdatedAt);
        Assert.Equal(Given.Now, session.OpenedAt);
    }

    [Fact]
    public void Modify_LeavesItemsDataAndRevUntouched_WhenALaterOpFails()
    {
        var session = Given.Session();
        var id = session.AddLine("A", 2, 100);
        session.Apply("""[{"op": "set_data", "path": "note", "value": "before"}]""");
        var before = session.State();

        Rules.Throws("unknown_line_id", () => session.Apply($$"""
            [
              {"op": "add_line", "sku": "B", "qty": 1, "unit_price_q": 500},
              {"op": "set_qty", "line_id": "{{id}}", "qty": 9},
              {"op": "set_data", "path": "note", "value": "after"},
              {"op": "set_data", "path": "customer.name", "value": "Ana"},
              {"op": "remove_line", "line_id": "L-MISSING"}
            ]
            """));

        Assert.Equal(before, session.State());
        Assert.Equal(2, session.Rev);
        Assert.Equal(2m, Assert.Single(session.Items).Qty);
        Assert.Equal("before", session.Data.Text("note"));
        Assert.False(session.Data.ContainsKey("customer"));
    }

    [Fact]
    public void Modify_ClearsChecksAndIssues_WhenOpsApply()
    {
        var session = Given.Session();
        session.AddLine();
        session.WriteCheck("stock", session.Rev, "ok", new JsonObject(),
            [new IssueDraft("low_stock", "Only 1 left", true, null, [])], Given.Now);
        Assert.True(session.Data.ContainsKey("checks"));

        session.Apply("""[{"op": "set_data", "path": "note", "value": 1}]""");

        Assert.False(session.Data.ContainsKey("checks"));
        Assert.False(session.Data.ContainsKey("issues"));
        Assert.Empty(session.Issues);
        Assert.Equal(1, session.Data["note"]!.GetValue<int>());
    }

    [Fact]
    public void Modify_KeepsChecksAndIssues_WhenModifyFails()
    {
        var session = Given.Session();
        session.AddLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [new IssueDraft("low_stock", "Only 1 left", false, null, [])], Given.Now);

        Rules.Throws("unknown_line_id", () => session.Apply("""[{"op": "remove_line", "line_id": "L-NONE"}]"""));

        Assert.Single(session.Issues);
        Assert.NotNull(session.Data["checks"]?["stock"]);
    }

    [Fact]
    public void Modify_ThrowsStaleRev_WhenExpectedRevDiffers()
    {
        var session = Given.Session();
        session.AddLine();
        var before = session.State();

        var ex = Rules.Throws("stale_rev", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]""", expectedRev: 0));

        Assert.Equal(0, ex.Context().Int("expected_rev"));
        Assert.Equal(1, ex.Context().Int("current_rev"));
        Assert.Equal(before, session.State());
    }

    [Fact]
    public void Modify_Applies_WhenExpectedRevMatches()
    {
        var session = Given.Session();
        session.AddLine();

        session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]""", expectedRev: 1);

        Assert.Equal(2, session.Rev);
    }

    [Fact]
    public void Modify_ThrowsLocked_WhenChannelEditPolicyIsLocked()
    {
        var session = Given.Session(Given.Channel(editPolicy: EditPolicies.Locked));

        var ex = Rules.Throws("locked", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]"""));

        Assert.Equal("SESS-TEST", ex.Context().Text("session_key"));
        Assert.Equal(0, session.Rev);
        Assert.False(session.Data.ContainsKey("a"));
    }

    [Fact]
    public void Modify_ThrowsLockedBeforeStaleRev_WhenBothApply()
    {
        var session = Given.Session(Given.Channel(editPolicy: EditPolicies.Locked));

        Rules.Throws("locked", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]""", expectedRev: 5));
    }

    [Fact]
    public void Modify_ThrowsAlreadyCommitted_WhenSessionIsCommitted()
    {
        var session = Given.Session();
        session.AddLine();
        session.MarkCommitted(Given.Now);

        var ex = Rules.Throws("already_committed", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]"""));

        Assert.Equal("SESS-TEST", ex.Context().Text("session_key"));
        Assert.Equal(1, session.Rev);
    }

    [Fact]
    public void Modify_ThrowsAlreadyAbandoned_WhenSessionIsAbandoned()
    {
        var session = Given.Session();
        session.Abandon(Given.Now);

        Rules.Throws("already_abandoned", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]"""));
        Assert.Equal(0, session.Rev);
    }

    [Fact]
    public void Modify_ThrowsAlreadyCommittedBeforeLocked_WhenCommittedSessionIsOnALockedChannel()
    {
        var session = Given.Session(Given.Channel(editPolicy: EditPolicies.Locked));
        session.MarkCommitted(Given.Now);

        Rules.Throws("already_committed", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]""", expectedRev: 9));
    }

    [Fact]
    public void Abandon_ThrowsAlreadyCommitted_WhenSessionIsCommitted()
    {
        var session = Given.Session();
        session.MarkCommitted(Given.Now);

        Rules.Throws("already_committed", () => session.Abandon(Given.Now));
        Assert.Equal(SessionStates.Committed, session.State);
        Assert.Null(session.AbandonedAt);
    }

    [Fact]
    public void Abandon_KeepsData_WhenSessionIsOpen()
    {
        var session = Given.Session();
        session.AddLine();
        session.Apply("""[{"op": "set_data", "path": "customer", "value": "Ana"}]""");

        session.Abandon(Given.Now.AddHours(1));

        Assert.Equal(SessionStates.Abandoned, session.State);
        Assert.Equal(Given.Now.AddHours(1), session.AbandonedAt);
        Assert.Single(session.Items);
        Assert.Equal("Ana", session.Data.Text("customer"));
    }

    [Fact]
    public void Modify_RunsCustomModifierBeforeTotals_WhenItsOrderIsLower()
    {
        var session = Given.Session();
        var pipeline = Given.Pipeline([new FixedDiscount(250)]);

        session.AddLine("A", 2, 1000, pipeline);

        Assert.Equal(2000, session.Pricing["subtotal_q"]!.GetValue<long>());
        Assert.Equal(250, session.Pricing["discount_q"]!.GetValue<long>());
        Assert.Equal(1750, session.Pricing["total_q"]!.GetValue<long>());
        Assert.Equal(1750, session.TotalQ);
    }

    [Fact]
    public void Modify_RunsModifiersByOrder_WhenRegisteredOutOfOrder()
    {
        var seen = new List<string>();
        var pipeline = new ModifyPipeline(
            [new Recorder("late", 2000, seen), new TotalsModifier(), new LineTotalsModifier(), new Recorder("early", 10, seen)], [],
            Microsoft.Extensions.Options.Options.Create(new OmnimanOptions()));
        var session = Given.Session();

        session.AddLine("A", 1, 300, pipeline);

        Assert.Equal(["early:0", "late:300"], seen);
    }

    [Fact]
    public void Modify_LeavesSessionUntouched_WhenAModifierThrows()
    {
        var session = Given.Session();
        session.AddLine("A", 1, 100);
        var before = session.State();
        var pipeline = Given.Pipeline([new Failing()]);

        Rules.Throws("modifier_failed", () => session.Apply("""[{"op": "add_line", "sku": "B", "qty": 1, "unit_price_q": 5}]""", pipeline));

        Assert.Equal(before, session.State());
    }

    [Fact]
    public void Modify_RejectsWithValidatorsCode_WhenDraftValidatorFails()
    {
        var session = Given.Session();
        session.AddLine("A", 1, 100);
        var before = session.State();
        var pipeline = Given.Pipeline(validators: [new MaxTotal(ValidationStage.Draft, 1000)]);

        var ex = Rules.Throws("too_expensive", () => session.Apply("""[{"op": "add_line", "sku": "B", "qty": 10, "unit_price_q": 100}]""", pipeline));

        Assert.Equal(1100, ex.Context().Int("total_q"));
        Assert.Equal(before, session.State());
    }

    [Fact]
    public void Modify_Applies_WhenDraftValidatorPasses()
    {
        var session = Given.Session();
        var pipeline = Given.Pipeline(validators: [new MaxTotal(ValidationStage.Draft, 1000)]);

        session.Apply("""[{"op": "add_line", "sku": "B", "qty": 10, "unit_price_q": 100}]""", pipeline);

        Assert.Equal(1000, session.TotalQ);
    }

    [Fact]
    public void Modify_DoesNotRunCommitValidator_WhenModifying()
    {
        var session = Given.Session();
        var validator = new MaxTotal(ValidationStage.Commit, 0);
        var pipeline = Given.Pipeline(validators: [validator]);

        session.Apply("""[{"op": "add_line", "sku": "B", "qty": 1, "unit_price_q": 100}]""", pipeline);

        Assert.Equal(0, validator.Calls);
        Assert.Equal(100, session.TotalQ);
    }

    [Fact]
    public void EnsureCommittable_RunsCommitValidatorButNotDraftValidator_WhenCommitting()
    {
        var session = Given.Session();
        var draft = new MaxTotal(ValidationStage.Draft, 1_000_000);
        var commit = new MaxTotal(ValidationStage.Commit, 50);
        var pipeline = Given.Pipeline(validators: [draft, commit]);
        session.Apply("""[{"op": "add_line", "sku": "B", "qty": 1, "unit_price_q": 100}]""", pipeline);
        Assert.Equal(1, draft.Calls);

        var ex = Rules.Throws("too_expensive", () => session.EnsureCommittable(ChannelConfig.Empty, pipeline, Given.Now));

        Assert.Equal(100, ex.Context().Int("total_q"));
        Assert.Equal(1, commit.Calls);
        Assert.Equal(1, draft.Calls);
    }

    [Fact]
    public void Modify_RunsValidatorsByOrder_WhenSeveralReject()
    {
        var session = Given.Session();
        var pipeline = Given.Pipeline(validators: [new Rejecting("second", 20), new Rejecting("first", 10)]);

        Rules.Throws("first", () => session.Apply("""[{"op": "set_data", "path": "a", "value": 1}]""", pipeline));
    }

    /// <summary>Guard: a modifier may add discounts and fees, never rewrite a price the catalog set (issue #14).</summary>
    [Fact]
    public void Modify_RefusesAModifierThatRewritesABackendPrice_AndChangesNothing()
    {
        var session = Given.Session(Given.Channel(PricingPolicies.External));
        var before = session.State();

        var ex = Assert.Throws<InvalidOperationException>(() => session.Apply("""[{"op": "add_line", "sku": "LATTE", "qty": 1}]""",
            Given.Pipeline([new Repricing()]), backendPrices: new Dictionary<string, long> { ["LATTE"] = 900 }));

        Assert.Contains("rewrite prices", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, session.State());
    }

    [Fact]
    public void Modify_LetsAModifierRepriceAPayloadLine_WhichNoBackendOwns()
    {
        var session = Given.Session();

        session.AddLine("A", 1, 900, Given.Pipeline([new Repricing()]));

        Assert.Equal(1, session.Items[0].UnitPriceQ);
    }

    /// <summary>A rogue modifier: sets every line's unit price to 1.</summary>
    private sealed class Repricing : IModifier
    {
        public string Code => "repricing";
        public int Order => 50;
        public void Apply(SessionDraft draft)
        {
            foreach (var line in draft.Items) line.UnitPriceQ = 1;
        }
    }

    private sealed class FixedDiscount(long amount) : IModifier
    {
        public string Code => "discount";
        public int Order => 500;
        public void Apply(SessionDraft draft) => draft.Pricing["discount_q"] = amount;
    }

    private sealed class Recorder(string name, int order, List<string> seen) : IModifier
    {
        public string Code => name;
        public int Order => order;
        public void Apply(SessionDraft draft) => seen.Add($"{name}:{draft.TotalQ}");
    }

    private sealed class Failing : IModifier
    {
        public string Code => "failing";
        public int Order => 2000;
        public void Apply(SessionDraft draft) => throw new OmnimanException("modifier_failed", "boom");
    }

    private sealed class MaxTotal(ValidationStage stage, long max) : IValidator
    {
        public int Calls { get; private set; }
        public string Code => "max_total";
        public ValidationStage Stage => stage;
        public int Order => 0;

        public void Validate(SessionDraft draft)
        {
            Calls++;
            var total = draft.Items.Sum(l => l.LineTotalQ);
            if (total > max) throw new OmnimanException("too_expensive", "Too expensive.", new { total_q = total });
        }
    }

    private sealed class Rejecting(string code, int order) : IValidator
    {
        public string Code => code;
        public ValidationStage Stage => ValidationStage.Draft;
        public int Order => order;
        public void Validate(SessionDraft draft) => throw new OmnimanException(code, code);
    }
}
