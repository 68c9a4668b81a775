using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The sessions page below the browser: a stock issue resolved by its button, a refused commit shown in the card, a commit by the operator.</summary>
public abstract class SessionsPageTests(OmnimanApp app)
{
    private static string UniqueSku() => $"SES-{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    /// <summary>A basket of two of a SKU that has none left, whose stock check offers another SKU instead.</summary>
    private async Task<(string Channel, string Key, string Alternative)> ShortBasketAsync(ApiClient admin)
    {
        var (sku, alternative) = (UniqueSku(), UniqueSku());
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 0, ["alternatives"] = new JsonArray(alternative) })).Expect(HttpStatusCode.OK);
        (await admin.PutAsync($"/api/stock/{alternative}", new JsonObject { ["on_hand"] = 5 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("ses", new JsonObject { ["required_checks_on_commit"] = new JsonArray("stock") });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 2, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        return (channel, key, alternative);
    }

    private static Dictionary<string, string> SessionForm(string channel, string key, params (string Name, string Value)[] more)
    {
        var form = new Dictionary<string, string> { ["channel"] = channel, ["sessionChannel"] = channel, ["session"] = key };
        foreach (var (name, value) in more) form[name] = value;
        return form;
    }

    [Fact]
    public async Task StockIssue_IsResolvedByItsButton_ThenTheOperatorCommits()
    {
        using var admin = app.Admin();
        var (channel, key, alternative) = await ShortBasketAsync(admin);
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        var issue = session["data"]!["issues"]![0]!;
        var replace = issue["actions"]!.AsArray().Single(a => a!["ops"]![0]!["op"]!.GetValue<string>() == "replace_sku")!;
        using var console = await ConsoleClient.SignedInAsync(app);

        var page = (await console.GetAsync($"/console/sessions?channel={channel}")).Expect(HttpStatusCode.OK);
        var cardId = $"session-{channel}-{key}";
        Assert.Contains($"id=\"{cardId}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>out_of_stock</strong> (blocks commit)", page.Html, StringComparison.Ordinal);
        Assert.Contains($"name=\"actionId\" value=\"{replace["id"]!.GetValue<string>()}\"", page.Html, StringComparison.Ordinal);

        // Commit is refused while the issue blocks it, with the reason in the session's card.
        var blocked = (await console.PostAsync("/console/sessions?handler=commit",
            SessionForm(channel, key, ("idempotencyKey", "console-" + Guid.NewGuid().ToString("N"))))).Expect(HttpStatusCode.Conflict);
        Assert.Contains($"role=\"alert\" id=\"{cardId}-error\"", blocked.Html, StringComparison.Ordinal);

        var resolved = (await console.PostAsync("/console/sessions?handler=resolve", SessionForm(channel, key,
            ("rev", session["rev"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("issueId", issue["id"]!.GetValue<string>()), ("actionId", replace["id"]!.GetValue<string>())))).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/sessions?channel={channel}#{cardId}", resolved.Location!.OriginalString);
        var after = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(alternative, after["items"]![0]!["sku"]!.GetValue<string>());
        await app.DispatchAllAsync();

        var idempotencyKey = "console-" + Guid.NewGuid().ToString("N");
        await console.GetAsync($"/console/sessions?channel={channel}");
        (await console.PostAsync("/console/sessions?handler=commit", SessionForm(channel, key, ("idempotencyKey", idempotencyKey)))).Expect(HttpStatusCode.Redirect);
        // The same form sent again makes no second order.
        (await console.PostAsync("/console/sessions?handler=commit", SessionForm(channel, key, ("idempotencyKey", idempotencyKey)))).Expect(HttpStatusCode.Redirect);
        var done = (await console.GetAsync($"/console/sessions?channel={channel}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"Session {key} is now order ORD-", done.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"{cardId}\"", done.Html, StringComparison.Ordinal);

        var orders = await admin.ListAllAsync($"/api/orders?channel_code={channel}");
        var order = Assert.Single(orders);
        var full = (await admin.GetAsync($"/api/orders/{order["ref"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("console:boss", full["events"]![0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resolve_ShowsTheReason_WhenTheSessionMovedOn()
    {
        using var admin = app.Admin();
        var (channel, key, _) = await ShortBasketAsync(admin);
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        var issue = session["data"]!["issues"]![0]!;
        var action = issue["actions"]![0]!;
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/sessions");
        // The till adds a line while the operator reads the page.
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(UniqueSku(), 1, 100))).Expect(HttpStatusCode.OK);

        var refused = (await console.PostAsync("/console/sessions?handler=resolve", new Dictionary<string, string>
        {
            ["sessionChannel"] = channel, ["session"] = key,
            ["rev"] = session["rev"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["issueId"] = issue["id"]!.GetValue<string>(), ["actionId"] = action["id"]!.GetValue<string>(),
        })).Expect(HttpStatusCode.Conflict);
        Assert.Contains($"role=\"alert\" id=\"session-{channel}-{key}-error\">The session moved on to rev", refused.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["items"]!.AsArray().Count);
    }
}

public sealed class SqliteSessionsPageTests(ConsoleSqliteApp app) : SessionsPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresSessionsPageTests(ConsolePostgresApp app) : SessionsPageTests(app), IClassFixture<ConsolePostgresApp>;
