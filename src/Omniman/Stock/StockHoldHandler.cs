using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Stock;

/// <summary>
/// The stock check (docs/concepts.md, Stock): replaces the session's holds with holds for its current items and
/// writes the rev-stamped <c>stock</c> check, with a blocking issue per short SKU. Holds and check
/// land in the directive's transaction under the session's lock, so a modify racing with it makes
/// it stale and nothing of it stays.
/// </summary>
public sealed class StockHoldHandler(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, IStockBackend stock, WriteCheckResult writeCheck,
    TimeProvider clock, IOptions<OmnimanOptions> options) : IDirectiveHandler
{
    public static string Topic => "stock.hold";

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var payload = directive.Payload;
        var at = new SessionRef(payload["channel_code"]!.GetValue<string>(), payload["session_key"]!.GetValue<string>());
        var rev = payload["rev"]!.GetValue<int>();
        var code = payload["check_code"]?.GetValue<string>() ?? "stock";

        var session = await dialect.LockSessionAsync(db, at.ChannelCode!, at.Key, ct);
        // Stale: the session moved on, and the directive its newer rev wrote will do this work.
        // Rerun after success: the same holds are replaced by equal ones and the same check rewritten.
        if (session is null || !session.IsOpen || session.Rev != rev) return DirectiveOutcome.Done;

        var channel = await channels.GetAsync(db, session.ChannelCode, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var ttl = channel.Settings.Check(code).HoldTtlMinutes ?? options.Value.StockHoldTtlMinutes;
        var expiresAt = now.AddMinutes(ttl);

        await stock.ReleaseSessionAsync(session.ChannelCode, session.SessionKey, ct);
        var lines = session.Items.GroupBy(l => l.Sku, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var outcomes = await stock.HoldAsync(
            [.. lines.Select(g => new HoldRequest(g.Key, g.Sum(l => l.Qty), session.ChannelCode, session.SessionKey, expiresAt))], ct);
        // The new holds go out with the check's save; a shortage saves them first, so the
        // alternatives it looks up count what this basket has just taken.
        if (outcomes.Any(o => !o.IsHeld)) await db.SaveChangesAsync(ct);
        var holds = new JsonArray();
        var issues = new List<IssueDraft>();
        foreach (var (group, outcome) in lines.Zip(outcomes))
        {
            if (outcome.HoldId is { } holdId)
                holds.Add(new JsonObject { ["hold_id"] = holdId, ["sku"] = group.Key, ["qty"] = outcome.Requested, ["expires_at"] = outcome.ExpiresAt });
            else if (!outcome.IsHeld)
                issues.Add(await ShortageAsync(group.Key, [.. group], outcome.Available, ct));
        }
        var result = new JsonObject { ["holds"] = holds };
        if (holds.Count > 0) result["hold_expires_at"] = expiresAt;
        await writeCheck.WriteLockedAsync(session, new CheckOutcome(code, rev, issues.Count == 0 ? "ok" : "issues", result, issues,
            holds.Count > 0 ? expiresAt : null), ct);
        return DirectiveOutcome.Done;
    }

    private async Task<IssueDraft> ShortageAsync(string sku, IReadOnlyList<SessionLine> lines, decimal available, CancellationToken ct)
    {
        var requested = lines.Sum(l => l.Qty);
        var actions = new List<IssueAction>();
        if (available > 0 && lines.Count == 1)
            actions.Add(new IssueAction($"Change quantity to {Json.Normalize(available)}",
                [new JsonObject { ["op"] = "set_qty", ["line_id"] = lines[0].LineId, ["qty"] = Json.Normalize(available) }]));
        actions.Add(new IssueAction(lines.Count == 1 ? "Remove the item" : "Remove the items",
            [.. lines.Select(l => (JsonNode)new JsonObject { ["op"] = "remove_line", ["line_id"] = l.LineId })]));
        if (await stock.AlternativesAsync(sku, requested, ct) is [var alternative, ..])
            actions.Add(new IssueAction($"Replace with {alternative}",
                [.. lines.Select(l => (JsonNode)new JsonObject { ["op"] = "replace_sku", ["line_id"] = l.LineId, ["sku"] = alternative })]));
        var code = available > 0 ? "insufficient_stock" : "out_of_stock";
        var message = available > 0 ? $"Only {Json.Normalize(available)} of {sku} available." : $"{sku} is out of stock.";
        return new IssueDraft(code, message, Blocking: true,
            new JsonObject { ["sku"] = sku, ["requested"] = Json.Normalize(requested), ["available"] = Json.Normalize(available) }, actions);
    }
}
