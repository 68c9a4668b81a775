using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Stock;

namespace Omniman.OperatorConsole.Pages.Stock;

/// <summary>
/// The built-in stock: levels (on hand, held, available), an adjustment with its reason through
/// <see cref="ManageStock"/> as <c>POST /api/stock/{sku}/adjust</c> does, and one SKU's movement log.
/// </summary>
public sealed class StockModel(OmnimanDb db, ManageStock manage, IStockBackend stock, TimeProvider clock, ConsoleRequest console) : PageModel
{
    public const int Limit = 200;
    public const int MovementLimit = 100;

    /// <summary>Text searched in SKUs.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The SKU whose movements are shown and which the adjust form is filled with.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    public IReadOnlyList<StockRow> Rows { get; private set; } = [];

    public StockAvailability? Selected { get; private set; }

    public IReadOnlyList<StockMovement> Movements { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why the adjustment was refused, and the field it concerns (sku, delta or reason).</summary>
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    /// <summary>What the operator typed, given back with the error so nothing is typed twice.</summary>
    public string? Delta { get; private set; }
    public string? Reason { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAdjustAsync(string? delta, string? reason, CancellationToken ct)
    {
        Sku = Sku?.Trim();
        return this.ActAsync(async () =>
        {
            if (string.IsNullOrEmpty(Sku)) throw new OmnimanException("missing_field", console.T["Give the SKU."], new { field = "sku" });
            if (string.IsNullOrWhiteSpace(delta)) throw new OmnimanException("missing_field", console.T["Give the change, such as 5 or -2."], new { field = "delta" });
            // Either decimal mark: the page is read in English and in Portuguese.
            if (!decimal.TryParse(delta.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var change) || change == 0)
                throw new OmnimanException("validation_error", console.T["Give the change, such as 5 or -2."], new { field = "delta" });
            if (string.IsNullOrWhiteSpace(reason)) throw new OmnimanException("missing_field", console.T["A reason is required to adjust stock."], new { field = "reason" });
            var after = await manage.AdjustAsync(Sku, change, reason.Trim(), ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T["{0}: on hand is now {1}."], after.Sku, console.F.Quantity(after.OnHand));
            return Redirect(ConsolePaths.Stock(after.Sku));
        }, async ex =>
        {
            (Error, ErrorField, Delta, Reason) = (ex.Message, FieldOf(ex), delta, reason);
            await LoadAsync(ct);
        }, StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The field a kernel error names in its context, else the change itself.</summary>
    private static string FieldOf(OmnimanException ex) => Refusals.Field(ex) switch
    {
        "sku" => "sku",
        "reason" => "reason",
        _ => "delta",
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await StockRow.ListAsync(db, Q, Limit, clock.GetUtcNow().UtcDateTime, ct);
        if (string.IsNullOrEmpty(Sku)) return;
        Selected = await stock.AvailabilityAsync(Sku, ct);
        Movements = await db.StockMovements.AsNoTracking().Where(m => m.Sku == Sku)
            .OrderByDescending(m => m.Id).Take(MovementLimit).ToListAsync(ct);
    }
}
