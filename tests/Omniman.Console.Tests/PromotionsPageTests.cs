using System.Net;
using System.Text.Json.Nodes;
using Omniman.OperatorConsole.Users;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The promotions page below the browser: creating one with times in the operator's time zone, refusals by field, deleting one.</summary>
public abstract class PromotionsPageTests(OmnimanApp app)
{
    private static string UniqueCode() => $"PROMO-{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    [Fact]
    public async Task Create_MakesAPromotionThroughTheKernel_WithTimesInTheOperatorsTimeZone()
    {
        using var admin = app.Admin();
        var code = UniqueCode();
        using var console = await SetUpPages.SignedInAsNewUserAsync(app, OperatorRoles.Admin);
        await console.GetAsync("/console/preferences");
        (await console.PostAsync("/console/preferences", new Dictionary<string, string> { ["language"] = "en", ["timeZone"] = "America/Sao_Paulo" }))
            .Expect(HttpStatusCode.Redirect);
        var empty = (await console.GetAsync("/console/promotions")).Expect(HttpStatusCode.OK);
        Assert.Contains("Times are in America/Sao_Paulo.", empty.Html, StringComparison.Ordinal);

        var created = (await console.PostAsync("/console/promotions?handler=create", new Dictionary<string, string>
        {
            ["Code"] = code, ["PercentOff"] = "12,5", ["Skus"] = "ESPRESSO\r\nA, B\n\n", ["MinSubtotal"] = "10.00",
            ["ValidFrom"] = "2030-01-01T09:00", ["ValidUntil"] = "2030-02-01T18:30", ["UsageLimit"] = "100",
        })).Expect(HttpStatusCode.Redirect);
        Assert.Equal("/console/promotions", created.Location!.OriginalString);

        var promotion = (await admin.GetAsync($"/api/promotions/{code}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(12.5m, promotion["percent_off"]!.GetValue<decimal>());
        Assert.Null(promotion["amount_off_q"]);
        Assert.Equal(["ESPRESSO", "A, B"], promotion["skus"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(1000, promotion["min_subtotal_q"]!.GetValue<long>());
        // São Paulo is three hours behind UTC.
        Assert.Equal("2030-01-01T12:00:00Z", promotion["valid_from"]!.GetValue<string>());
        Assert.Equal("2030-02-01T21:30:00Z", promotion["valid_until"]!.GetValue<string>());
        Assert.Equal(100, promotion["usage_limit"]!.GetValue<int>());

        var page = (await console.GetAsync($"/console/promotions?q={code}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"Promotion {code} created.", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-code=\"{code}\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">12.5 %</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">R$10.00</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2030-01-01T12:00:00Z\">2030-01-01 09:00:00</time>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2030-02-01T21:30:00Z\">2030-02-01 18:30:00</time>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0 / 100</td>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ShowsEachRefusalByItsField_AndSavesNothing()
    {
        using var admin = app.Admin();
        var code = UniqueCode();
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/promotions");

        var both = (await console.PostAsync("/console/promotions?handler=create", new Dictionary<string, string>
        {
            ["Code"] = code, ["PercentOff"] = "10", ["AmountOff"] = "5",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"percent_off-error\">Give exactly one of percent_off and amount_off_q.</span>", both.Html, StringComparison.Ordinal);
        Assert.Contains("The promotion was not created; see the field marked below.", both.Html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{code}\"", both.Html, StringComparison.Ordinal);

        var backwards = (await console.PostAsync("/console/promotions?handler=create", new Dictionary<string, string>
        {
            ["Code"] = code, ["AmountOff"] = "5", ["ValidFrom"] = "2030-01-02T00:00", ["ValidUntil"] = "2030-01-01T00:00",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"valid_until-error\">valid_until must be after valid_from.</span>", backwards.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"ValidUntil\" type=\"datetime-local\" value=\"2030-01-01T00:00\" aria-invalid=\"true\" aria-describedby=\"valid_until-error\"",
            backwards.Html, StringComparison.Ordinal);

        var noLimit = (await console.PostAsync("/console/promotions?handler=create", new Dictionary<string, string>
        {
            ["Code"] = code, ["AmountOff"] = "5", ["UsageLimit"] = "0",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"usage_limit-error\">usage_limit is at least 1.</span>", noLimit.Html, StringComparison.Ordinal);

        (await admin.GetAsync($"/api/promotions/{code}")).Expect(HttpStatusCode.NotFound);

        (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = code, ["percent_off"] = 5 })).Expect(HttpStatusCode.Created);
        var taken = (await console.PostAsync("/console/promotions?handler=create", new Dictionary<string, string>
        {
            ["Code"] = code, ["PercentOff"] = "50",
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"<span class=\"error\" id=\"code-error\">Promotion &#x27;{code}&#x27; already exists.</span>", taken.Html, StringComparison.Ordinal);
        Assert.Equal(5m, (await admin.GetAsync($"/api/promotions/{code}")).Expect(HttpStatusCode.OK).Json["percent_off"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Delete_RemovesAPromotionThroughTheKernel()
    {
        using var admin = app.Admin();
        var code = UniqueCode();
        (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = code, ["amount_off_q"] = 500 })).Expect(HttpStatusCode.Created);
        using var console = await ConsoleClient.SignedInAsync(app);
        var page = (await console.GetAsync($"/console/promotions?q={code}")).Expect(HttpStatusCode.OK);
        Assert.Contains("<td class=\"num\">R$5.00</td>", page.Html, StringComparison.Ordinal);

        var deleted = (await console.PostAsync("/console/promotions?handler=delete", new Dictionary<string, string> { ["code"] = code, ["q"] = code }))
            .Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/promotions?q={code}", deleted.Location!.OriginalString);
        (await admin.GetAsync($"/api/promotions/{code}")).Expect(HttpStatusCode.NotFound);
        var after = (await console.GetAsync(deleted.Location.OriginalString)).Expect(HttpStatusCode.OK);
        Assert.Contains($"Promotion {code} deleted.", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr data-code=\"{code}\">", after.Html, StringComparison.Ordinal);

        (await console.PostAsync("/console/promotions?handler=delete", new Dictionary<string, string> { ["code"] = code })).Expect(HttpStatusCode.NotFound);
    }
}

public sealed class SqlitePromotionsPageTests(ConsoleSqliteApp app) : PromotionsPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresPromotionsPageTests(ConsolePostgresApp app) : PromotionsPageTests(app), IClassFixture<ConsolePostgresApp>;
