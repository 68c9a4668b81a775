using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omniman.OperatorConsole.Users;

namespace Omniman.OperatorConsole.Pages;

public sealed class SignInModel(SignInOperator signIn, ConsoleRequest console) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signIn.ExecuteAsync(Name, Password, ct);
        var T = console.T;
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await HttpContext.SignInAsync(ConsoleAuth.Scheme, ConsoleAuth.Principal(result.User!));
                // Only a console address: a sign-in link must not send the operator elsewhere.
                return LocalRedirect(ReturnUrl is { } back && back.StartsWith(ConsolePaths.Root + "/", StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal)
                    ? back
                    : ConsolePaths.Root + "/orders");
            case SignInOutcome.LockedOut:
                Error = string.Format(CultureInfo.InvariantCulture, T["Too many wrong passwords: this user is locked until {0}."], console.F.Time(result.LockedUntil!.Value));
                break;
            case SignInOutcome.Disabled:
                Error = T["This user is disabled."];
                break;
            default:
                Error = T["Wrong user name or password."];
                break;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
