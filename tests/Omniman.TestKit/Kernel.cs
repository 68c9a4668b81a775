using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.TestKit;

/// <summary>Kernel operations that have no HTTP endpoint, run in a scope of the app.</summary>
public static class Kernel
{
    /// <summary>Writes a check result back as a check handler would; false when it was refused as stale.</summary>
    public static Task<bool> WriteCheckAsync(this OmnimanApp app, string channel, string key, int rev, JsonNode? result = null,
        string code = "stock", string status = "ok", params IssueDraft[] issues) =>
        app.WriteCheckAsync(channel, key, new CheckOutcome(code, rev, status, result, issues));

    /// <summary>Writes a check outcome back as a check handler would (an expiry included); false when it was refused as stale.</summary>
    public static Task<bool> WriteCheckAsync(this OmnimanApp app, string channel, string key, CheckOutcome outcome) =>
        app.InScopeAsync(sp => sp.GetRequiredService<WriteCheckResult>().ExecuteAsync(new SessionRef(channel, key), outcome, CancellationToken.None));

    /// <summary>A passing stock check for <paramref name="rev"/> whose result stands until <paramref name="expiresAt"/>.</summary>
    public static CheckOutcome StockCheckUntil(int rev, DateTimeOffset expiresAt, params IssueDraft[] issues) =>
        new("stock", rev, issues.Length == 0 ? "ok" : "issues", new JsonObject { ["holds"] = new JsonArray() }, issues, expiresAt.UtcDateTime);

    /// <summary>
    /// Runs SQL straight on the app's database, to set up states the API cannot reach
    /// (a row left behind by an older version, a crash between two steps).
    /// </summary>
    public static Task<int> ExecuteSqlAsync(this OmnimanApp app, FormattableString sql) =>
        app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().Database.ExecuteSqlAsync(sql));

    /// <summary>An issue draft with one action per ops array.</summary>
    public static IssueDraft Issue(string code, bool blocking, params (string Label, JsonArray Ops)[] actions) =>
        new(code, $"{code} message", blocking, new JsonObject { ["why"] = code }, [.. actions.Select(a => new IssueAction(a.Label, a.Ops))]);
}
