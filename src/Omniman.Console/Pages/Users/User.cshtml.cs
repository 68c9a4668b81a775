using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.OperatorConsole.Users;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Users;

/// <summary>
/// One operator user: disable (not oneself), enable, and a new password, each through
/// <see cref="ManageOperatorUsers"/> as the <c>users</c> command does.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class UserModel(OmnimanDb db, ManageOperatorUsers users, TimeProvider clock, ConsoleRequest console) : PageModel
{
    public OperatorUser Person { get; private set; } = null!;

    public DateTime Now { get; private set; }

    /// <summary>Whether this is the signed-in admin's own page: they cannot disable themselves.</summary>
    public bool IsSelf => Person.Id == console.User?.Id;

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why disabling or the new password was refused: <c>password</c> for the password's field, else the page.</summary>
    public FormError? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct) => await LoadAsync(name, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostDisableAsync(string name, CancellationToken ct) =>
        ChangeAsync(name, async () =>
        {
            var user = await users.DisableAsync(name, ct, byUserId: console.User!.Id);
            return string.Format(CultureInfo.InvariantCulture, console.T["{0} is disabled: signed out at their next click, and cannot sign in."], user.Name);
        }, ct);

    public Task<IActionResult> OnPostEnableAsync(string name, CancellationToken ct) =>
        ChangeAsync(name, async () =>
        {
            var user = await users.EnableAsync(name, ct);
            return string.Format(CultureInfo.InvariantCulture, console.T["{0} can sign in again."], user.Name);
        }, ct);

    public Task<IActionResult> OnPostPasswordAsync(string name, string? password, CancellationToken ct) =>
        ChangeAsync(name, async () =>
        {
            var user = await users.ResetPasswordAsync(name, password, ct);
            return string.Format(CultureInfo.InvariantCulture, console.T["{0} has a new password."], user.Name);
        }, ct);

    /// <summary>Runs a change and comes back to this page saying what it did, or shows why it was refused.</summary>
    private Task<IActionResult> ChangeAsync(string name, Func<Task<string>> change, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            Done = await change();
            return Redirect(ConsolePaths.User(name));
        }, async ex =>
        {
            Error = ex.Code == "cannot_disable_self"
                ? new FormError("disable", console.T["You cannot disable yourself; another admin can."])
                : FormError.Of(ex, ["password"], "password", console.T);
            await LoadAsync(name, ct);
        }, StatusCodes.Status422UnprocessableEntity);

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        var key = OperatorUser.KeyOf(name);
        if (await db.Set<OperatorUser>().AsNoTracking().FirstOrDefaultAsync(u => u.NameKey == key, ct) is not { } user) return false;
        Person = user;
        return true;
    }
}
