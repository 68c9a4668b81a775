using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Sessions;

namespace Omniman.Tests.Sessions;

public sealed class SessionEnsureCommittableTests
{
    private static readonly ChannelConfig StockRequired = ChannelConfig.Parse(Given.Object("""{"required_checks_on_commit": ["stock"]}"""));

    private static readonly ChannelConfig StockAndFraudRequired = ChannelConfig.Parse(Given.Object("""
        {"required_checks_on_commit": ["stock", "fraud"], "checks": {"fraud": {}}}
        """));

    private static Session WithLine()
    {
        var session = Given.Session();
        session.AddLine("A", 2, 500);
        return session;
    }

    private static void Ensure(Session session, ChannelConfig config, ModifyPipeline? pipeline = null, DateTime? at = null) =>
        session.EnsureCommittable(config, pipeline ?? Given.Pipeline(), at ?? Given.Now);

    private static JsonNode Result(string json) => JsonNode.Parse(json)!;

    [Fact]
    public void EnsureCommittable_Passes_WhenChecksAreFreshAndItemsExist()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", Result("""{"hold_expires_at": "2025-12-18T10:15:00Z"}"""), [], Given.Now);

        var ex = Record.Exception(() => Ensure(session, StockRequired));

        Assert.Null(ex);
    }

    [Fact]
    public void EnsureCommittable_Passes_WhenChannelRequiresNoChecks()
    {
        Assert.Null(Record.Exception(() => Ensure(WithLine(), ChannelConfig.Empty)));
    }

    [Fact]
    public void EnsureCommittable_ThrowsMissingCheck_WhenRequiredCheckNeverRan()
    {
        var ex = Rules.Throws("missing_check", () => Ensure(WithLine(), StockRequired));

        Assert.Equal("stock", ex.Context().Text("check_code"));
    }

    [Fact]
    public void EnsureCommittable_ThrowsMissingCheck_WhenAModifyClearedTheCheck()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [], Given.Now);
        session.AddLine("B");

        Rules.Throws("missing_check", () => Ensure(session, StockRequired));
    }

    [Fact]
    public void EnsureCommittable_ThrowsMissingCheckForTheAbsentOne_WhenOnlySomeChecksRan()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [], Given.Now);

        var ex = Rules.Throws("missing_check", () => Ensure(session, StockAndFraudRequired));

        Assert.Equal("fraud", ex.Context().Text("check_code"));
    }

    [Fact]
    public void EnsureCommittable_ThrowsStaleCheck_WhenStoredCheckIsForAnotherRev()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [], Given.Now);
        // A check document left from an earlier rev (the kernel never writes one, but stored data may hold it).
        session.Data["checks"]!["stock"]!["rev"] = 0;

        var ex = Rules.Throws("stale_check", () => Ensure(session, StockRequired));

        Assert.Equal("stock", ex.Context().Text("check_code"));
        Assert.Equal(0, ex.Context().Int("check_rev"));
        Assert.Equal(1, ex.Context().Int("session_rev"));
    }

    private static readonly DateTime Quarter = new(2025, 12, 18, 10, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void EnsureCommittable_ThrowsHoldExpired_WhenTheCheckResultHasExpired()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", Result("""{"holds": []}"""), [], Given.Now, expiresAt: Quarter);

        var ex = Rules.Throws("hold_expired", () => Ensure(session, StockRequired, at: Given.Now.AddMinutes(16)));

        Assert.Equal("stock", ex.Context().Text("check_code"));
        Assert.Equal(Quarter, ex.Context()["expired_at"]!.GetValue<DateTime>());
        var expired = Assert.IsType<Session.CheckExpired>(ex.Context);
        Assert.Equal("stock", expired.CheckCode);
    }

    [Fact]
    public void EnsureCommittable_ThrowsHoldExpired_WhenExpiryIsExactlyNow()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [], Given.Now, expiresAt: Quarter);

        Rules.Throws("hold_expired", () => Ensure(session, StockRequired, at: Quarter));
    }

    [Fact]
    public void EnsureCommittable_Passes_WhileTheCheckResultStands()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [], Given.Now, expiresAt: Quarter);

        Assert.Null(Record.Exception(() => Ensure(session, StockRequired, at: Quarter.AddTicks(-1))));
    }

    /// <summary>What a check's module puts in its result is its own: the kernel reads no expiry out of it (issue #14).</summary>
    [Theory]
    [InlineData("{\"hold_expires_at\": \"2025-12-18T09:00:00Z\"}")]
    [InlineData("{\"holds\": [{\"expires_at\": \"2025-12-18T09:00:00Z\"}]}")]
    [InlineData("\"ok\"")]
    [InlineData("[1, 2]")]
    public void EnsureCommittable_ReadsNoExpiryFromTheResultDocument(string result)
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", Result(result), [], Given.Now);

        Assert.Null(Record.Exception(() => Ensure(session, StockRequired)));
    }

    [Fact]
    public void EnsureCommittable_ThrowsBlockingIssues_WhenACheckRaisedOne()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "issues", null,
        [
            new IssueDraft("out_of_stock", "A is out", true, null, []),
            new IssueDraft("low_stock", "B is low", false, null, []),
        ], Given.Now);

        var ex = Rules.Throws("blocking_issues", () => Ensure(session, StockRequired));

        var listed = Assert.Single(ex.Context()["issues"]!.AsArray());
        Assert.Equal("out_of_stock", listed.Text("code"));
        Assert.Equal(session.Issues[0].Text("id"), listed.Text("id"));
    }

    [Fact]
    public void EnsureCommittable_Passes_WhenIssuesAreNotBlocking()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [new IssueDraft("low_stock", "low", false, null, [])], Given.Now);

        Assert.Null(Record.Exception(() => Ensure(session, StockRequired)));
    }

    [Fact]
    public void EnsureCommittable_ThrowsEmptySession_WhenSessionHasNoItems()
    {
        var session = Given.Session();

        Rules.Throws("empty_session", () => Ensure(session, ChannelConfig.Empty));
    }

    [Fact]
    public void EnsureCommittable_ThrowsAlreadyCommitted_WhenSessionIsCommitted()
    {
        var session = WithLine();
        session.MarkCommitted(Given.Now);

        Rules.Throws("already_committed", () => Ensure(session, ChannelConfig.Empty));
    }

    [Fact]
    public void EnsureCommittable_ThrowsAlreadyAbandoned_WhenSessionIsAbandoned()
    {
        var session = WithLine();
        session.Abandon(Given.Now);

        Rules.Throws("already_abandoned", () => Ensure(session, ChannelConfig.Empty));
    }

    [Fact]
    public void EnsureCommittable_ThrowsMissingCheckBeforeBlockingIssues_WhenBothApply()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "issues", null, [new IssueDraft("out_of_stock", "out", true, null, [])], Given.Now);

        var ex = Rules.Throws("missing_check", () => Ensure(session, StockAndFraudRequired));

        Assert.Equal("fraud", ex.Context().Text("check_code"));
    }

    [Fact]
    public void EnsureCommittable_ThrowsHoldExpiredBeforeBlockingIssues_WhenBothApply()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "issues", null,
            [new IssueDraft("out_of_stock", "out", true, null, [])], Given.Now, expiresAt: Given.Now.AddHours(-1));

        Rules.Throws("hold_expired", () => Ensure(session, StockRequired));
    }

    [Fact]
    public void EnsureCommittable_ThrowsStaleCheckBeforeHoldExpired_WhenBothApply()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "ok", null, [], Given.Now, expiresAt: Given.Now.AddHours(-1));
        session.Data["checks"]!["stock"]!["rev"] = 0;

        Rules.Throws("stale_check", () => Ensure(session, StockRequired));
    }

    [Fact]
    public void EnsureCommittable_ThrowsBlockingIssuesBeforeCommitValidators_WhenBothApply()
    {
        var session = WithLine();
        session.WriteCheck("stock", session.Rev, "issues", null, [new IssueDraft("out_of_stock", "out", true, null, [])], Given.Now);
        var pipeline = Given.Pipeline(validators: [new Refuse()]);

        Rules.Throws("blocking_issues", () => Ensure(session, StockRequired, pipeline));
    }

    [Fact]
    public void EnsureCommittable_RunsCommitValidatorsBeforeEmptyCheck_WhenSessionIsEmpty()
    {
        var session = Given.Session();
        var pipeline = Given.Pipeline(validators: [new Refuse()]);

        Rules.Throws("refused", () => Ensure(session, ChannelConfig.Empty, pipeline));
    }

    [Fact]
    public void EnsureCommittable_ThrowsMissingCheckBeforeEmptySession_WhenBothApply()
    {
        Rules.Throws("missing_check", () => Ensure(Given.Session(), StockRequired));
    }

    private sealed class Refuse : IValidator
    {
        public string Code => "refuse";
        public ValidationStage Stage => ValidationStage.Commit;
        public int Order => 0;
        public void Validate(SessionDraft draft) => throw new OmnimanException("refused", "No.");
    }
}
