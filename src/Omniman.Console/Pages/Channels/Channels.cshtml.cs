using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Channels;

/// <summary>
/// The channels, by display order, and a form to create one through <see cref="SaveChannel"/>, as
/// <c>POST /api/channels</c> does (docs/concepts.md, Channels).
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class ChannelsModel(OmnimanDb db, SaveChannel save, IOptions<OmnimanOptions> options, ConsoleRequest console) : PageModel
{
    public IReadOnlyList<Channel> Rows { get; private set; } = [];

    /// <summary>The create form: empty with the kernel's defaults, or what was typed when it was refused.</summary>
    public ChannelForm Form { get; private set; } = ChannelForm.New();

    public FormError? Error { get; private set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>The currency a channel's orders are in: its config's, else the server's.</summary>
    public string Currency(Channel channel) => channel.Settings.Currency ?? options.Value.Currency;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(ChannelForm form, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            var channel = await save.CreateAsync(form.ToDefinition(console.T), ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Channel {0} created."], channel.Code);
            return Redirect(ConsolePaths.Channel(channel.Code));
        }, async ex =>
        {
            // A code already taken names no field: it is the code's.
            (Form, Error) = (form, FormError.Of(ex, ChannelForm.Fields, "code"));
            await LoadAsync(ct);
        }, StatusCodes.Status422UnprocessableEntity);

    private async Task LoadAsync(CancellationToken ct) =>
        Rows = await db.Channels.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
}
