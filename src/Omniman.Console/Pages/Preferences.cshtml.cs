using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omniman.Common;
using Omniman.OperatorConsole.Users;

namespace Omniman.OperatorConsole.Pages;

/// <summary>The operator's own language and time zone; empty follows the browser and the server's setting.</summary>
public sealed class PreferencesModel(ManageOperatorUsers users, ConsoleRequest console) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    public string? TimeZone { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? language, string? timeZone, CancellationToken ct)
    {
        try
        {
            await users.SetPreferencesAsync(console.User!.Id, language, timeZone?.Trim(), ct);
        }
        catch (OmnimanException ex) when (ex.Code == "validation_error")
        {
            (TimeZone, Error) = (timeZone, ex.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect(ConsolePaths.Root + "/preferences?saved=true");
    }
}
