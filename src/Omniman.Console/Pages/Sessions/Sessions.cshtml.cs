using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Idempotency;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions;

namespace Omniman.OperatorConsole.Pages.Sessions;

/// <summary>
/// Open sessions by channel with their items, totals, checks and issues. An issue's action goes
/// through <see cref="ResolveIssue"/> and a commit through <see cref="CommitSession"/>, as
/// <c>POST /api/sessions/{key}/resolve</c> and <c>/commit</c> do, with the operator as the actor.
/// </summary>
public sealed class SessionsModel(OmnimanDb db, ResolveIssue resolve, CommitSession commit, IOptions<OmnimanOptions> options, ConsoleRequest console) : PageModel
{
    /// <summary>Open sessions shown at most, most recently changed first.</summary>
    public const int Limit = 100;

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    public IReadOnlyList<Session> Rows { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why an action on a session was refused (a stale rev, a blocking issue, a missing check), shown in that session's card.</summary>
    public string? Error { get; private set; }
    public string? ErrorKey { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    // The operator edits as an ordinary client: no price overrides and no edits to a channel whose
    // sessions an outside system owns (edit_policy locked, docs/concepts.md).
    public Task<IActionResult> OnPostResolveAsync(string? sessionChannel, string? session, string? issueId, string? actionId, int? rev, CancellationToken ct) =>
        ActOnAsync(sessionChannel, session, async (at) =>
        {
            await resolve.ExecuteAsync(at, issueId, actionId, rev, new ModifyActor(console.Actor, MayOverridePrices: false), ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Session {0}: the action was applied."], at.Key);
        }, ct);

    public Task<IActionResult> OnPostCommitAsync(string? sessionChannel, string? session, string? idempotencyKey, CancellationToken ct) =>
        ActOnAsync(sessionChannel, session, async (at) =>
        {
            // The key is written in the form when the page is drawn, so a form sent twice makes one order.
            var key = string.IsNullOrWhiteSpace(idempotencyKey) ? IdempotencyKeys.New() : idempotencyKey;
            var result = await commit.ExecuteAsync(at, key, console.Actor, ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Session {0} is now order {1}."], at.Key, result.Body.OrderRef);
        }, ct);

    /// <summary>A session's card id: keys are unique within a channel only.</summary>
    public static string CardId(string channelCode, string sessionKey) => $"session-{channelCode}-{sessionKey}";

    public string Currency(string channelCode) =>
        Channels.FirstOrDefault(c => c.Code == channelCode)?.Settings.Currency ?? options.Value.Currency;

    /// <summary>Runs an action on one session; on success back to the list as it was filtered, on a broken rule the page again with the reason in that session's card.</summary>
    private Task<IActionResult> ActOnAsync(string? sessionChannel, string? session, Func<SessionRef, Task> action, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionChannel) || string.IsNullOrEmpty(session)) return Task.FromResult<IActionResult>(NotFound());
        return this.ActAsync(async () =>
        {
            await action(new SessionRef(sessionChannel, session));
            return Redirect(ConsolePaths.Sessions(Channel) + "#" + Uri.EscapeDataString(CardId(sessionChannel, session)));
        }, async ex =>
        {
            Done = null;
            (Error, ErrorKey) = (ex.Message, CardId(sessionChannel, session));
            await LoadAsync(ct);
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Channels = await db.Channels.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
        if (!string.IsNullOrEmpty(Channel) && Channels.All(c => c.Code != Channel)) Channel = null;
        var sessions = db.Sessions.AsNoTracking().Where(s => s.State == SessionStates.Open);
        if (Channel is not null) sessions = sessions.Where(s => s.ChannelCode == Channel);
        Rows = await sessions.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id).Take(Limit).ToListAsync(ct);
    }
}
