using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Channels;

/// <summary>
/// One channel: its fields and config in an editor saved through <see cref="SaveChannel"/>, as
/// <c>PUT /api/channels/{code}</c> does, and its effective order flow drawn as a diagram with its text.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class ChannelModel(OmnimanDb db, SaveChannel save, ConsoleRequest console) : PageModel
{
    /// <summary>The channel as saved: the diagram is always of the flow in force.</summary>
    public Channel Item { get; private set; } = null!;

    /// <summary>The editor: the saved channel, or what was typed when it was refused.</summary>
    public ChannelForm Form { get; private set; } = null!;

    public FlowDiagram Flow { get; private set; } = null!;

    public FormError? Error { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAsync(string code, ChannelForm form, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            await save.ReplaceAsync(code, form.ToDefinition(console.T), ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Channel {0} saved."], code);
            return Redirect(ConsolePaths.Channel(code));
        }, async ex =>
        {
            Error = FormError.Of(ex, ChannelForm.Fields, "config");
            if (await LoadAsync(code, ct)) Form = form;
        }, StatusCodes.Status422UnprocessableEntity);

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        // Read afresh, untracked: a refused save may have left the tracked row half changed.
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct);
        if (channel is null) return false;
        (Item, Form) = (channel, ChannelForm.Of(channel));
        Flow = FlowDiagram.Of(channel.Settings.OrderFlow, console.T.Status);
        return true;
    }
}
