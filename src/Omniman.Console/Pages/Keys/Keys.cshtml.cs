using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Keys;

/// <summary>
/// The API keys (docs/api.md, API keys): every key with its prefix, scopes, channels and state, never
/// a secret, and a new key made through <see cref="ManageApiKeys"/> as <c>POST /api/keys</c> does; its
/// secret is shown once, on the new key's page.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class KeysModel(OmnimanDb db, ManageApiKeys keys, TimeProvider clock, ConsoleRequest console) : PageModel
{
    /// <summary>Keys shown at most, newest first.</summary>
    public const int Limit = 500;

    public IReadOnlyList<ApiKey> Rows { get; private set; } = [];

    public DateTime Now { get; private set; }

    /// <summary>Why the new key was refused, by field (name, scopes, channels, expires_at).</summary>
    public FormError? Error { get; private set; }

    /// <summary>What the admin typed, given back with the error so nothing is typed twice.</summary>
    public string? Name { get; private set; }
    public IReadOnlyList<string> Scopes { get; private set; } = [];
    public string? Channels { get; private set; }
    public string? ExpiresAt { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(string? name, string[]? scopes, string? channels, string? expiresAt, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            DateTime? expires = null;
            if (!string.IsNullOrWhiteSpace(expiresAt))
            {
                expires = console.F.FromLocalInput(expiresAt)
                    ?? throw new OmnimanException("validation_error", console.T["Give a date and time, such as 2026-06-18 18:00."], new { field = "expires_at" });
            }
            var created = await keys.CreateAsync(name?.Trim(), scopes ?? [], ChannelList(channels), expires, ct);
            OnceShownSecret.Keep(TempData, created);
            return Redirect(ConsolePaths.Key(created.Key.Id));
        }, async ex =>
        {
            Error = FormError.Of(ex, ["name", "scopes", "channels", "expires_at"], "name", console.T);
            (Name, Scopes, Channels, ExpiresAt) = (name, scopes ?? [], channels, expiresAt);
            await LoadAsync(ct);
        }, StatusCodes.Status422UnprocessableEntity);

    /// <summary>Channel codes as typed (<c>pos, shop</c> or <c>pos shop</c>); none typed is every channel.</summary>
    private static List<string>? ChannelList(string? typed)
    {
        var codes = (typed ?? "").Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return codes.Length == 0 ? null : [.. codes];
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Rows = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).Take(Limit).ToListAsync(ct);
    }
}
