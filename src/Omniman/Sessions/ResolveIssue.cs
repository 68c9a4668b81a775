using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions.Ops;

namespace Omniman.Sessions;

/// <summary>Applies an issue's action through the modify pipeline, so the rev moves and checks run again.</summary>
public sealed class ResolveIssue(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, ModifySession modify, ModifyPipeline pipeline)
{
    /// <summary>Applies the action's ops as <paramref name="actor"/>'s: a locked channel stops a client here as it does a modify.</summary>
    public async Task<Session> ExecuteAsync(SessionRef at, string? issueId, string? actionId, int? expectedRev, ModifyActor actor, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(issueId)) throw OmnimanException.MissingField("issue_id");
        if (string.IsNullOrEmpty(actionId)) throw OmnimanException.MissingField("action_id");
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var session = await at.LockAsync(db, dialect, ct);
        if (expectedRev is { } rev && rev != session.Rev)
            throw new OmnimanException("stale_action", $"The session moved on to rev {session.Rev}; its issues were re-evaluated.",
                new { issue_id = issueId, expected_rev = rev, current_rev = session.Rev });
        var issue = session.Issues.FirstOrDefault(i => i["id"]?.GetValue<string>() == issueId)
            ?? throw new OmnimanException("issue_not_found", $"No issue '{issueId}' on the session at rev {session.Rev}.",
                new { issue_id = issueId, current_rev = session.Rev });
        var action = (issue["actions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a => a["id"]?.GetValue<string>() == actionId)
            ?? throw new OmnimanException("action_not_found", $"Issue '{issueId}' has no action '{actionId}'.",
                new { issue_id = issueId, action_id = actionId });
        if (action["ops"] is not JsonArray { Count: > 0 } ops)
            throw new OmnimanException("no_resolver", $"Action '{actionId}' carries no ops to apply.", new { issue_id = issueId, action_id = actionId });

        var channel = await channels.GetAsync(db, session.ChannelCode, ct);
        await modify.ApplyAsync(session, channel, SessionOp.ParseAll(ops, pipeline.Limits), null, actor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }
}
