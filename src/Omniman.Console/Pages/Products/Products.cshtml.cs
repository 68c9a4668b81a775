using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Persistence;
using Omniman.Pricing;

namespace Omniman.OperatorConsole.Pages.Products;

/// <summary>
/// The built-in pricing catalog (docs/concepts.md, Pricing): products by SKU, searched and paged, and a
/// form that creates or changes one through <see cref="ManageCatalog"/>, as <c>PUT /api/products/{sku}</c> does.
/// </summary>
[Authorize(Policy = ConsoleAuth.AdminPolicy)]
public sealed class ProductsModel(OmnimanDb db, ManageCatalog catalog, IOptions<OmnimanOptions> options, ConsoleRequest console) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Text searched in SKUs and names.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The page of the list, from 1.</summary>
    [BindProperty(SupportsGet = true)]
    public int? P { get; set; }

    /// <summary>The product in the form; none for a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    public ListPage<Product> List { get; private set; } = new([], 1, false);

    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    public ProductForm Form { get; private set; } = ProductForm.New();

    /// <summary>Whether the form changes a saved product (its SKU stays) rather than creating one.</summary>
    public bool Editing { get; private set; }

    public FormError? Error { get; private set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>The currency of a price: a channel's (its config's, else the server's), or the server's for the base price.</summary>
    public string CurrencyOf(string? channelCode) =>
        Channels.FirstOrDefault(c => c.Code == channelCode)?.Settings.Currency ?? options.Value.Currency;

    /// <summary>The channels a product's form has a price for: every channel, and any its prices name besides.</summary>
    public IEnumerable<string> PriceChannels =>
        Channels.Select(c => c.Code).Concat(Form.ChannelPrices.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrEmpty(Sku)) return;
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == Sku, ct);
        (Form, Editing) = product is null ? (ProductForm.New(), false) : (ProductForm.Of(product, CurrencyOf, console.Language), true);
        if (product is null) Form.Sku = Sku;
    }

    public async Task<IActionResult> OnPostSaveAsync(ProductForm form, CancellationToken ct)
    {
        await LoadAsync(ct);
        return await this.ActAsync(async () =>
        {
            var (sku, definition) = form.ToDefinition(CurrencyOf, console.T);
            var (product, created) = await catalog.SaveProductAsync(sku, definition, ct);
            Done = string.Format(CultureInfo.InvariantCulture, console.T[created ? "Product {0} created." : "Product {0} saved."], product.Sku);
            return Redirect(ConsolePaths.Products(Q, P, product.Sku));
        }, async ex =>
        {
            Form = form;
            Error = FormError.Of(ex, ProductForm.Fields(PriceChannels), "sku");
            // A SKU the kernel refused is not looked up: it may hold what the database cannot compare.
            Editing = !Error.Concerns("sku") && await db.Products.AsNoTracking().AnyAsync(p => p.Sku == (form.Sku ?? "").Trim(), ct);
        }, StatusCodes.Status422UnprocessableEntity);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Channels = await db.Channels.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            products = products.Where(p => p.Sku.Contains(q) || p.Name.Contains(q));
        }
        List = await products.OrderBy(p => p.Sku).PageAsync(P, PageSize, ct);
    }
}
