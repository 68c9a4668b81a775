using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omniman.OperatorConsole.Text;
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

    /// <summary>
    /// The language picked before signing in, kept in a cookie of this browser: it applies to every
    /// user here who chose none in their preferences, before and after signing in (docs/console.md).
    /// </summary>
    public IActionResult OnPostLanguage(string? language)
    {
        if (ConsoleLanguages.Chosen(language) is { } chosen)
        {
            Response.Cookies.Append(ConsoleLanguages.Cookie, chosen, new CookieOptions
            {
                Path = ConsolePaths.Root,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
            });
        }
        return Redirect(string.IsNullOrEmpty(ReturnUrl) ? ConsolePaths.SignIn : ConsolePaths.SignIn + "?returnUrl=" + Uri.EscapeDataString(ReturnUrl));
    }

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
