using System.Text.Json.Nodes;
using Omniman.Common;
using Omniman.Sessions;

namespace Omniman.Tests.Sessions;

public sealed class SessionWriteCheckTests
{
    private static IssueDraft Issue(string code, bool blocking = true, params IssueAction[] actions) =>
        new(code, $"{code} message", blocking, new JsonObject { ["sku"] = "A" }, actions);

    [Fact]
    public void WriteCheck_StoresRevStampedCheck_WhenRevMatches()
    {
        var session = Given.Session();
        session.AddLine();
        var at = Given.Now.AddMinutes(1);

        var written = session.WriteCheck("stock", 1, "ok", new JsonObject { ["holds"] = new JsonArray() }, [], at);

        Assert.True(written);
        var check = session.Data["checks"]!["stock"]!;
        Assert.Equal(1, check["rev"]!.GetValue<int>());
        Assert.Equal("ok", check.Text("status"));
        Assert.Equal(at, check["at"]!.GetValue<DateTime>());
        Assert.NotNull(check["result"]!["holds"]);
        Assert.Equal(at, session.UpdatedAt);
        Assert.Equal(1, session.Rev);
    }

    [Fact]
    public void WriteCheck_ReturnsFalseAndChangesNothing_WhenRevMovedOn()
    {
        var session = Given.Session();
        session.AddLine();
        session.AddLine();
        var before = session.State();

        var written = session.WriteCheck("stock", 1, "ok", null, [Issue("out_of_stock")], Given.Now.AddMinutes(1));

        Assert.False(written);
        Assert.Equal(before, session.State());
        Assert.False(session.Data.ContainsKey("checks"));
    }

    [Fact]
    public void WriteCheck_ReturnsFalse_WhenRevIsAhead()
    {
        var session = Given.Session();

        Assert.False(session.WriteCheck("stock", 1, "ok", null, [], Given.Now));
    }

    [Fact]
    public void WriteCheck_ReturnsFalse_WhenSessionIsCommitted()
    {
        var session = Given.Session();
        session.AddLine();
        session.MarkCommitted(Given.Now);

        Assert.False(session.WriteCheck("stock", 1, "ok", null, [], Given.Now));
        Assert.False(session.Data.ContainsKey("checks"));
    }

    [Fact]
    public void WriteCheck_ReturnsFalse_WhenSessionIsAbandoned()
    {
        var session = Given.Session();
        session.Abandon(Given.Now);

        Assert.False(session.WriteCheck("stock", 0, "ok", null, [], Given.Now));
    }

    [Fact]
    public void WriteCheck_StampsIssuesWithIdsAndSource_WhenIssuesAreGiven()
    {
        var session = Given.Session();
        var ops = JsonNode.Parse("""[{"op": "set_qty", "line_id": "L-1", "qty": 1}]""")!.AsArray();

        session.WriteCheck("stock", 0, "issues", null, [Issue("insufficient_stock", true, new IssueAction("Set to 1", ops))], Given.Now);

        var issue = Assert.Single(session.Issues);
        Assert.Matches("^ISS-[A-Z2-9]{10}$", issue.Text("id"));
        Assert.DoesNotMatch("[01ILO]", issue.Text("id")![4..]);
        Assert.Equal("stock", issue.Text("source"));
        Assert.Equal("insufficient_stock", issue.Text("code"));
        Assert.Equal("insufficient_stock message", issue.Text("message"));
        Assert.True(issue["blocking"]!.GetValue<bool>());
        Assert.Equal("A", issue["context"].Text("sku"));
        var action = Assert.Single(issue["actions"]!.AsArray())!;
        Assert.Matches("^ACT-[A-Z2-9]{10}$", action.Text("id"));
        Assert.Equal("Set to 1", action.Text("label"));
        Assert.True(JsonNode.DeepEquals(ops, action["ops"]));
    }

    [Fact]
    public void WriteCheck_GivesEmptyContext_WhenIssueHasNone()
    {
        var session = Given.Session();

        session.WriteCheck("stock", 0, "issues", null, [new IssueDraft("x", "x", false, null, [])], Given.Now);

        var issue = Assert.Single(session.Issues);
        Assert.Empty(issue["context"]!.AsObject());
        Assert.Empty(issue["actions"]!.AsArray());
        Assert.False(issue["blocking"]!.GetValue<bool>());
    }

    [Fact]
    public void WriteCheck_GivesDistinctIds_WhenSeveralIssuesAreWritten()
    {
        var session = Given.Session();

        session.WriteCheck("stock", 0, "issues", null, [Issue("a"), Issue("b"), Issue("c")], Given.Now);

        Assert.Equal(3, session.Issues.Select(i => i.Text("id")).Distinct().Count());
    }

    [Fact]
    public void WriteCheck_ReplacesIssuesOfSameSourceOnly_WhenCheckRunsAgain()
    {
        var session = Given.Session();
        session.WriteCheck("stock", 0, "issues", null, [Issue("out_of_stock"), Issue("insufficient_stock")], Given.Now);
        session.WriteCheck("fraud", 0, "issues", null, [Issue("suspicious", false)], Given.Now);

        session.WriteCheck("stock", 0, "issues", null, [Issue("low_stock", false)], Given.Now);

        Assert.Equal(["suspicious", "low_stock"], session.Issues.Select(i => i.Text("code")));
        Assert.Equal(["fraud", "stock"], session.Issues.Select(i => i.Text("source")));
        Assert.Equal(["fraud", "stock"], session.Data["checks"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void WriteCheck_ClearsIssuesOfItsSource_WhenCheckNowFindsNone()
    {
        var session = Given.Session();
        session.WriteCheck("stock", 0, "issues", null, [Issue("out_of_stock")], Given.Now);

        session.WriteCheck("stock", 0, "ok", null, [], Given.Now);

        Assert.Empty(session.Issues);
        Assert.Equal("ok", session.Data["checks"]!["stock"].Text("status"));
    }

    [Fact]
    public void WriteCheck_DoesNotShareResultWithCaller_WhenResultIsChangedAfterwards()
    {
        var session = Given.Session();
        var result = new JsonObject { ["holds"] = new JsonArray("H-1") };

        session.WriteCheck("stock", 0, "ok", result, [], Given.Now);
        result["holds"]!.AsArray().Add("H-2");

        Assert.Single(session.Data["checks"]!["stock"]!["result"]!["holds"]!.AsArray());
    }

    [Fact]
    public void CheckResult_IsTheResultOfTheCurrentRev_ForPostCommitDirectives()
    {
        var session = Given.Session();
        session.WriteCheck("stock", 0, "ok", JsonNode.Parse("""{"holds": [{"id": "H-1"}]}"""), [], Given.Now);

        Assert.Equal("H-1", session.CheckResult("stock")!["holds"]![0].Text("id"));
        Assert.Null(session.CheckResult("fraud"));
        session.Data["checks"]!["stock"]!["rev"] = 5;
        Assert.Null(session.CheckResult("stock"));
    }

    [Fact]
    public void WriteCheck_KeepsWhenTheResultStopsStanding_OnlyWhenGiven()
    {
        var session = Given.Session();
        session.WriteCheck("stock", 0, "ok", null, [], Given.Now, expiresAt: Given.Now.AddMinutes(15));
        session.WriteCheck("fraud", 0, "ok", null, [], Given.Now);

        Assert.Equal(Given.Now.AddMinutes(15), session.Data["checks"]!["stock"]!["expires_at"]!.GetValue<DateTime>());
        Assert.Null(session.Data["checks"]!["fraud"]!["expires_at"]);
    }

    [Fact]
    public void IssueIds_UseOnlyUnambiguousCharacters_WhenManyAreGenerated()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => new IssueDraft("x", "x", false, null, []).ToNode("stock").Text("id")![4..]);

        Assert.All(string.Concat(ids), c => Assert.Contains(c, RandomCodes.Alphabet));
    }
}
