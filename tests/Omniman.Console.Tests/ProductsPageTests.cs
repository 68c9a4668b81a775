using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The products page below the browser: search and paging, creating and changing a product, refusals by field.</summary>
public abstract class ProductsPageTests(OmnimanApp app)
{
    private static string UniqueSku(string prefix = "PRD") => $"{prefix}-{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    [Fact]
    public async Task Save_CreatesAProduct_ThenChangesIt_ThroughTheKernel()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("prd", new JsonObject { ["currency"] = "USD" });
        var sku = UniqueSku();
        using var console = await ConsoleClient.SignedInAsync(app);
        var empty = (await console.GetAsync("/console/products")).Expect(HttpStatusCode.OK);
        Assert.Contains($"<label for=\"channel_prices.{channel}\">Channel {channel} (USD)</label>", empty.Html, StringComparison.Ordinal);

        var created = (await console.PostAsync("/console/products?handler=save", new Dictionary<string, string>
        {
            ["Sku"] = sku, ["Name"] = "Espresso", ["Price"] = "7,00", [$"ChannelPrices[{channel}]"] = "6.5", ["IsActive"] = "true",
        })).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/products?sku={sku}", created.Location!.OriginalString);
        var product = (await admin.GetAsync($"/api/products/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("Espresso", product["name"]!.GetValue<string>());
        Assert.Equal(700, product["price_q"]!.GetValue<long>());
        Assert.Equal(650, product["channel_prices"]![channel]!.GetValue<long>());
        Assert.True(product["is_active"]!.GetValue<bool>());

        var editing = (await console.GetAsync($"/console/products?q={sku}&sku={sku}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"Product {sku} created.", editing.Html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-sku=\"{sku}\">", editing.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">R$7.00</td>", editing.Html, StringComparison.Ordinal);
        Assert.Contains($"<td>{channel}: $6.50</td>", editing.Html, StringComparison.Ordinal);
        Assert.Contains($"<h2 id=\"product-form-title\">Edit {sku}</h2>", editing.Html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{sku}\" readonly=\"readonly\"", editing.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"Price\" required inputmode=\"decimal\" value=\"7.00\"", editing.Html, StringComparison.Ordinal);

        // Unticked, "active" is not sent: the product becomes inactive; a blank channel price is none.
        var changed = (await console.PostAsync("/console/products?handler=save", new Dictionary<string, string>
        {
            ["Sku"] = sku, ["Name"] = "Double espresso", ["Price"] = "9.5", [$"ChannelPrices[{channel}]"] = "", ["q"] = sku,
        })).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/products?q={sku}&sku={sku}", changed.Location!.OriginalString);
        product = (await admin.GetAsync($"/api/products/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("Double espresso", product["name"]!.GetValue<string>());
        Assert.Equal(950, product["price_q"]!.GetValue<long>());
        Assert.False(product["is_active"]!.GetValue<bool>());
        Assert.Empty(product["channel_prices"]!.AsObject());
        Assert.Contains($"Product {sku} saved.", (await console.GetAsync(changed.Location.OriginalString)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_ShowsEachRefusalByItsField_AndSavesNothing()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("prd");
        var sku = UniqueSku();
        using var console = await ConsoleClient.SignedInAsync(app, "pt-BR");
        await console.GetAsync("/console/products");

        var negative = (await console.PostAsync("/console/products?handler=save", new Dictionary<string, string>
        {
            ["Sku"] = sku, ["Name"] = "Mug", ["Price"] = "12,50", [$"ChannelPrices[{channel}]"] = "-1", ["IsActive"] = "true",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"<span class=\"error\" id=\"channel_prices.{channel}-error\">A channel price cannot be negative.</span>", negative.Html, StringComparison.Ordinal);
        Assert.Contains($"name=\"ChannelPrices[{channel}]\" inputmode=\"decimal\" value=\"-1\" aria-invalid=\"true\" aria-describedby=\"channel_prices.{channel}-error\"",
            negative.Html, StringComparison.Ordinal);
        Assert.Contains("O produto não foi salvo; veja o campo marcado abaixo.", negative.Text(), StringComparison.Ordinal);
        Assert.Contains("value=\"12,50\"", negative.Html, StringComparison.Ordinal);

        var unreadable = (await console.PostAsync("/console/products?handler=save", new Dictionary<string, string>
        {
            ["Sku"] = sku, ["Name"] = "Mug", ["Price"] = "12,505",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"price_q-error\">Informe um valor em BRL com no máximo 2 casas decimais, como 12,50.", unreadable.Text(), StringComparison.Ordinal);

        var noName = (await console.PostAsync("/console/products?handler=save", new Dictionary<string, string>
        {
            ["Sku"] = sku, ["Name"] = "", ["Price"] = "1",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"name-error\">'name' is required.</span>", noName.Text(), StringComparison.Ordinal);

        var badSku = (await console.PostAsync("/console/products?handler=save", new Dictionary<string, string>
        {
            ["Sku"] = "..", ["Name"] = "Mug", ["Price"] = "1",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"sku-error\">A SKU cannot be '.' or '..'.</span>", badSku.Text(), StringComparison.Ordinal);

        (await admin.GetAsync($"/api/products/{sku}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Products_AreSearched_AndPaged()
    {
        using var admin = app.Admin();
        var prefix = UniqueSku("PG")[..10];
        for (var i = 0; i < 51; i++)
        {
            var response = await admin.PutAsync($"/api/products/{prefix}-{i:D2}", new JsonObject { ["name"] = $"Item {i}", ["price_q"] = 100 + i });
            Assert.Equal(HttpStatusCode.Created, response.Status);
        }
        using var console = await ConsoleClient.SignedInAsync(app);

        var first = (await console.GetAsync($"/console/products?q={prefix}")).Expect(HttpStatusCode.OK);
        Assert.Equal(50, first.Html.Split($"<tr data-sku=\"{prefix}-").Length - 1);
        Assert.Contains($"<tr data-sku=\"{prefix}-00\">", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr data-sku=\"{prefix}-50\">", first.Html, StringComparison.Ordinal);
        Assert.Contains($"<a rel=\"next\" href=\"/console/products?q={prefix}&amp;p=2\">Next page</a>", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", first.Html, StringComparison.Ordinal);

        var second = (await console.GetAsync($"/console/products?q={prefix}&p=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, second.Html.Split($"<tr data-sku=\"{prefix}-").Length - 1);
        Assert.Contains($"<tr data-sku=\"{prefix}-50\">", second.Html, StringComparison.Ordinal);
        Assert.Contains($"<a rel=\"prev\" href=\"/console/products?q={prefix}\">Previous page</a>", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", second.Html, StringComparison.Ordinal);

        var one = (await console.GetAsync($"/console/products?q={prefix}-07")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, one.Html.Split($"<tr data-sku=\"{prefix}-").Length - 1);
        Assert.Contains("<td>Item 7</td>", one.Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteProductsPageTests(ConsoleSqliteApp app) : ProductsPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresProductsPageTests(ConsolePostgresApp app) : ProductsPageTests(app), IClassFixture<ConsolePostgresApp>;
