using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Keys;

/// <summary>
/// One API key: its details, its secret once when it was just made, rotation through
/// <see cref="RotateApiKey"/> as <c>POST /api/keys/{id}/rotate</c> does (the old key's overlap chosen),
/// and revocation through <see cref="ManageApiKeys"/> as <c>DELETE /api/keys/{id}</c> does.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class KeyModel(OmnimanDb db, ManageApiKeys keys, RotateApiKey rotate, TimeProvider clock, ConsoleRequest console) : PageModel
{
    /// <summary>How long the old key may keep working after a rotation, in seconds: 0 stops it at once.</summary>
    public static readonly IReadOnlyList<int> Overlaps = [0, 3_600, RotateApiKey.DefaultGraceSeconds, 7 * 86_400];

    public ApiKey Key { get; private set; } = null!;

    public DateTime Now { get; private set; }

    /// <summary>The secret, when this key was made by the form just sent; never on any later request.</summary>
    public string? NewSecret { get; private set; }

    /// <summary>The key this one was replaced by, if it was rotated.</summary>
    public ApiKey? ReplacedBy { get; private set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why rotating or revoking was refused.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        // A page that may carry a secret is kept by no cache, the browser's included.
        Response.Headers.CacheControl = "no-store";
        if (!await LoadAsync(id, ct)) return NotFound();
        NewSecret = OnceShownSecret.Take(TempData, id);
        return Page();
    }

    public Task<IActionResult> OnPostRotateAsync(long id, int? overlap, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            var rotated = await rotate.ExecuteAsync(id, overlap, ct);
            var (old, T) = (rotated.Old, console.T);
            OnceShownSecret.Keep(TempData, rotated.Created);
            Done = old.RevokedAt is not null
                ? string.Format(CultureInfo.InvariantCulture, T["This key replaces key {0}, which no longer works."], old.Id)
                : string.Format(CultureInfo.InvariantCulture, T["This key replaces key {0}, which keeps working until {1}."], old.Id, console.F.Time(old.ExpiresAt!.Value));
            return Redirect(ConsolePaths.Key(rotated.Created.Key.Id));
        }, async ex =>
        {
            Error = ex.Code == "key_inactive" ? console.T["This key is revoked or expired, so it cannot be rotated; create a new key instead."] : ex.Message;
            await LoadAsync(id, ct);
        });

    public Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            var key = await keys.RevokeAsync(id, ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Key {0} is revoked: it no longer works."], key.Id);
            return Redirect(ConsolePaths.Key(key.Id));
        }, async ex =>
        {
            Error = ex.Message;
            await LoadAsync(id, ct);
        });

    /// <summary>An overlap as people read it.</summary>
    public string OverlapText(int seconds) => seconds switch
    {
        0 => console.T["None: the old key stops now"],
        3_600 => console.T["1 hour"],
        RotateApiKey.DefaultGraceSeconds => console.T["1 day"],
        _ => string.Format(CultureInfo.InvariantCulture, console.T["{0} days"], seconds / 86_400),
    };

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        if (await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct) is not { } key) return false;
        Key = key;
        ReplacedBy = await db.ApiKeys.AsNoTracking().Where(k => k.RotatedFrom == id).OrderByDescending(k => k.Id).FirstOrDefaultAsync(ct);
        return true;
    }
}
