using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omniman.OperatorConsole.Users;

namespace Omniman.OperatorConsole.Pages.Users;

/// <summary>
/// The people who sign in to the console: each with their role and state, and a new user made through
/// <see cref="ManageOperatorUsers"/> under the same rules as <c>users create</c> on the command line.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class UsersModel(ManageOperatorUsers users, TimeProvider clock, ConsoleRequest console) : PageModel
{
    public IReadOnlyList<OperatorUser> Rows { get; private set; } = [];

    public DateTime Now { get; private set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why the new user was refused, by field (name, role, password).</summary>
    public FormError? Error { get; private set; }

    /// <summary>What the admin typed (never the password), given back with the error.</summary>
    public string? Name { get; private set; }
    public string? Role { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(string? name, string? role, string? password, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            var user = await users.CreateAsync(name, role, password, ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["User {0} created; they can sign in now."], user.Name);
            return Redirect(ConsolePaths.Users);
        }, async ex =>
        {
            Error = FormError.Of(ex, ["name", "role", "password"], "name", console.T);
            (Name, Role) = (name, role);
            await LoadAsync(ct);
        }, StatusCodes.Status422UnprocessableEntity);

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Rows = await users.ListAsync(ct);
    }
}
