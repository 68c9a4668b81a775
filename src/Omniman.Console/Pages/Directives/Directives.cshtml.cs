using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Directives;

/// <summary>
/// The side effects still to run or given up on (queued and failed directives), for an admin to
/// read why and run one again through <see cref="RunDirectiveNow"/>, as <c>POST /api/directives/{id}/run</c> does.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class DirectivesModel(OmnimanDb db, RunDirectiveNow run, ConsoleRequest console) : PageModel
{
    /// <summary>Rows shown at most, newest first: a backlog longer than this is narrowed by topic.</summary>
    public const int Limit = 200;

    /// <summary>The statuses this page lists; running and done ones need no operator.</summary>
    public static readonly IReadOnlyList<string> Statuses = [DirectiveStatuses.Queued, DirectiveStatuses.Failed];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Topic { get; set; }

    public IReadOnlyList<string> Topics { get; private set; } = [];

    public IReadOnlyList<Directive> Rows { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why "run again" was refused (it ran or finished meanwhile), shown by the directive's row.</summary>
    public string? Error { get; private set; }
    public long? ErrorId { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostRunAsync(long id, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            await run.ExecuteAsync(id, ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Directive {0} will run again now."], id);
            return Redirect(ConsolePaths.Directives(Status, Topic));
        }, async _ =>
        {
            var status = await db.Directives.AsNoTracking().Where(d => d.Id == id).Select(d => d.Status).FirstOrDefaultAsync(ct) ?? "";
            (Error, ErrorId) = (string.Format(CultureInfo.InvariantCulture,
                console.T["Directive {0} is {1}; only queued or failed directives can run again."], id, console.T.Status(status)), id);
            await LoadAsync(ct);
        });

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Status is not null && !Statuses.Contains(Status)) Status = null;
        Topics = await db.Directives.AsNoTracking().Where(d => Statuses.Contains(d.Status))
            .Select(d => d.Topic).Distinct().OrderBy(t => t).ToListAsync(ct);
        if (string.IsNullOrEmpty(Topic)) Topic = null;
        var shown = Status is null ? Statuses : [Status];
        var rows = db.Directives.AsNoTracking().Where(d => shown.Contains(d.Status));
        if (Topic is not null) rows = rows.Where(d => d.Topic == Topic);
        Rows = await rows.OrderByDescending(d => d.Id).Take(Limit).ToListAsync(ct);
        // A refused row may have left the filter (it is running now); it stays in sight beside its reason.
        if (ErrorId is { } id && Rows.All(d => d.Id != id)
            && await db.Directives.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) is { } refused)
        {
            Rows = [refused, .. Rows];
        }
    }
}
