using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Persistence;
using Omniman.Pricing;

namespace Omniman.OperatorConsole.Pages.Promotions;

/// <summary>
/// Coupon promotions (docs/concepts.md, Pricing), newest first, searched by code and paged; a form
/// that creates one and a button that deletes one, through <see cref="ManageCatalog"/> as
/// <c>POST /api/promotions</c> and <c>DELETE /api/promotions/{code}</c> do. A promotion is not
/// changed once made: the kernel offers no such operation.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class PromotionsModel(OmnimanDb db, ManageCatalog catalog, IOptions<OmnimanOptions> options, ConsoleRequest console) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Text searched in codes.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The page of the list, from 1.</summary>
    [BindProperty(SupportsGet = true)]
    public int? P { get; set; }

    public ListPage<Promotion> List { get; private set; } = new([], 1, false);

    public PromotionForm Form { get; private set; } = new();

    public FormError? Error { get; private set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>Promotions belong to no channel: their amounts are in the server's currency.</summary>
    public string Currency => options.Value.Currency;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(PromotionForm form, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            var promotion = await catalog.CreatePromotionAsync(form.ToDefinition(Currency, console.F.TimeZone, console.T), ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Promotion {0} created."], promotion.Code);
            return Redirect(ConsolePaths.Promotions(Q, P));
        }, async ex =>
        {
            // A code already taken names no field: it is the code's.
            (Form, Error) = (form, FormError.Of(ex, PromotionForm.Fields, "code"));
            await LoadAsync(ct);
        }, StatusCodes.Status422UnprocessableEntity);

    public Task<IActionResult> OnPostDeleteAsync(string? code, CancellationToken ct) =>
        this.ActAsync(async () =>
        {
            await catalog.DeletePromotionAsync(code ?? "", ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["Promotion {0} deleted."], code);
            return Redirect(ConsolePaths.Promotions(Q, P));
        }, _ => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        var promotions = db.Promotions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            promotions = promotions.Where(p => p.Code.Contains(q));
        }
        List = await promotions.OrderByDescending(p => p.Id).PageAsync(P, PageSize, ct);
    }
}
