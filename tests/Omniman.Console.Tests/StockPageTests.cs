using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The stock page below the browser: levels with holds, an adjustment with its reason, the movement log.</summary>
public abstract class StockPageTests(OmnimanApp app)
{
    private static string UniqueSku() => $"STK-{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    [Fact]
    public async Task Stock_ListsOnHandHeldAndAvailable_WithTheHoldsOfOpenSessions()
    {
        using var admin = app.Admin();
        var sku = UniqueSku();
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("stk", new JsonObject { ["required_checks_on_commit"] = new JsonArray("stock") });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 3))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        using var console = await ConsoleClient.SignedInAsync(app);

        var page = (await console.GetAsync($"/console/stock?q={sku}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"<tr data-sku=\"{sku}\"><td><a href=\"/console/stock?sku={sku}\">{sku}</a></td><td class=\"num\">10</td><td class=\"num\">3</td><td class=\"num\">7</td>",
            page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjust_WithAReason_ChangesOnHand_AndShowsInTheMovementLog()
    {
        using var admin = app.Admin();
        var sku = UniqueSku();
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 4 })).Expect(HttpStatusCode.OK);
        using var console = await ConsoleClient.SignedInAsync(app, "pt-BR");
        await console.GetAsync($"/console/stock?sku={sku}");

        var adjusted = (await console.PostAsync("/console/stock?handler=adjust", new Dictionary<string, string>
        {
            ["sku"] = sku, ["delta"] = "-1,5", ["reason"] = "dropped a tray",
        })).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/stock?sku={sku}", adjusted.Location!.OriginalString);
        var level = (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2.5m, level["on_hand"]!.GetValue<decimal>());

        var page = (await console.GetAsync($"/console/stock?sku={sku}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"{sku}: o saldo agora é 2,5.", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">-1,5</td><td class=\"num\">2,5</td><td>dropped a tray</td>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjust_ShowsTheErrorByItsField_WhenTheReasonIsMissingOrStockWouldGoNegative()
    {
        using var admin = app.Admin();
        var sku = UniqueSku();
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 2 })).Expect(HttpStatusCode.OK);
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/stock");

        var noReason = (await console.PostAsync("/console/stock?handler=adjust", new Dictionary<string, string>
        {
            ["sku"] = sku, ["delta"] = "5", ["reason"] = " ",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"reason-error\">A reason is required to adjust stock.", noReason.Html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"reason-error\"", noReason.Html, StringComparison.Ordinal);
        // What was typed comes back with the error.
        Assert.Contains("name=\"delta\" required inputmode=\"decimal\" value=\"5\"", noReason.Html, StringComparison.Ordinal);

        var belowZero = (await console.PostAsync("/console/stock?handler=adjust", new Dictionary<string, string>
        {
            ["sku"] = sku, ["delta"] = "-3", ["reason"] = "count",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("id=\"delta-error\">On hand would drop below zero", belowZero.Html, StringComparison.Ordinal);
        Assert.Equal(2m, (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json["on_hand"]!.GetValue<decimal>());
    }
}

public sealed class SqliteStockPageTests(ConsoleSqliteApp app) : StockPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresStockPageTests(ConsolePostgresApp app) : StockPageTests(app), IClassFixture<ConsolePostgresApp>;
