using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Omniman.OperatorConsole.Pages;

/// <summary>Sign-out is a POST with the antiforgery token, so a link on another site cannot sign an operator out.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect(ConsolePaths.Root + "/orders");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuth.Scheme);
        return Redirect(ConsolePaths.SignIn);
    }
}
