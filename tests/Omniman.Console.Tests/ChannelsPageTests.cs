using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The channels pages below the browser: the list, creating one, the config editor with refusals by field, the order flow diagram.</summary>
public abstract class ChannelsPageTests(OmnimanApp app)
{
    private static Dictionary<string, string> Fields(string name, string config, string pricing = "internal", string edit = "open", string order = "3") => new()
    {
        ["Name"] = name, ["PricingPolicy"] = pricing, ["EditPolicy"] = edit, ["DisplayOrder"] = order, ["IsActive"] = "true", ["Config"] = config,
    };

    [Fact]
    public async Task Channels_ListsTheChannels_AndTheEditorSavesAConfigThroughTheKernel()
    {
        using var admin = app.Admin();
        var code = await admin.CreateChannelAsync("cfg");
        using var console = await ConsoleClient.SignedInAsync(app);

        var list = (await console.GetAsync("/console/channels")).Expect(HttpStatusCode.OK);
        Assert.Contains($"<tr data-channel=\"{code}\"><td><a href=\"/console/channels/{code}\">{code}</a></td><td>Channel {code}</td><td>internal</td><td>open</td><td>BRL</td>",
            list.Html, StringComparison.Ordinal);

        await console.GetAsync($"/console/channels/{code}");
        var saved = (await console.PostAsync($"/console/channels/{code}",
            Fields("Counter 2", """{"currency": "USD", "terminology": {"order": "Ticket"}}""", pricing: "mixed", edit: "locked"))).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/channels/{code}", saved.Location!.OriginalString);

        var channel = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("Counter 2", channel["name"]!.GetValue<string>());
        Assert.Equal("mixed", channel["pricing_policy"]!.GetValue<string>());
        Assert.Equal("locked", channel["edit_policy"]!.GetValue<string>());
        Assert.Equal(3, channel["display_order"]!.GetValue<int>());
        Assert.Equal("USD", channel["config"]!["currency"]!.GetValue<string>());
        Assert.Equal("Ticket", channel["config"]!["terminology"]!["order"]!.GetValue<string>());

        var page = (await console.GetAsync($"/console/channels/{code}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"Channel {code} saved.", page.Html, StringComparison.Ordinal);
        Assert.Contains("&quot;currency&quot;: &quot;USD&quot;", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_RefusesAnInvalidConfig_ShowingTheErrorByItsFieldAndPath_AndSavesNothing()
    {
        using var admin = app.Admin();
        var code = await admin.CreateChannelAsync("bad", new JsonObject { ["currency"] = "BRL" });
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync($"/console/channels/{code}");

        const string badFlow = """{"order_flow": {"initial_status": "nowhere", "transitions": {"new": ["done"]}, "terminal_statuses": ["done"]}}""";
        var refused = (await console.PostAsync($"/console/channels/{code}", Fields("Renamed", badFlow))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"config-error\"><code class=\"path\">config.order_flow.initial_status</code> Invalid channel config: Initial status 'nowhere' is not part of the flow.</span>",
            refused.Text(), StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"config-error\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved; see the field marked below.", refused.Html, StringComparison.Ordinal);
        // What was typed stays in the editor.
        Assert.Contains(badFlow, refused.Text(), StringComparison.Ordinal);
        Assert.Contains("value=\"Renamed\"", refused.Html, StringComparison.Ordinal);

        var misspelt = (await console.PostAsync($"/console/channels/{code}", Fields("Renamed", """{"order_flow": {"initial_statu": "new"}}""")))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<code class=\"path\">config.order_flow.initial_statu</code> Unknown field 'config.order_flow.initial_statu'; did you mean 'config.order_flow.initial_status'?",
            misspelt.Text(), StringComparison.Ordinal);

        var broken = (await console.PostAsync($"/console/channels/{code}", Fields("Renamed", "{\n  \"currency\": \"USD\",\n}"))).Expect(HttpStatusCode.UnprocessableEntity);
        var span = broken.Html[broken.Html.IndexOf("<span class=\"error\"", StringComparison.Ordinal)..];
        Assert.Equal("<span class=\"error\" id=\"config-error\">The config is not valid JSON (line 3, byte 1).</span>", span[..(span.IndexOf("</span>", StringComparison.Ordinal) + 7)]);

        var noName = (await console.PostAsync($"/console/channels/{code}", Fields(" ", "{}", pricing: "cheap"))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("<span class=\"error\" id=\"name-error\">'name' is required.</span>", noName.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"config-error\"", noName.Html, StringComparison.Ordinal);

        var channel = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal($"Channel {code}", channel["name"]!.GetValue<string>());
        Assert.Equal("""{"currency":"BRL"}""", channel["config"]!.ToJsonString());
    }

    [Fact]
    public async Task Create_MakesAChannelThroughTheKernel_AndRefusesATakenCodeByItsField()
    {
        using var admin = app.Admin();
        var code = $"new-{Guid.NewGuid():N}"[..16];
        using var console = await ConsoleClient.SignedInAsync(app);
        await console.GetAsync("/console/channels");

        var fields = Fields("Kiosk", """{"required_checks_on_commit": ["stock"]}""");
        fields["Code"] = code;
        var created = (await console.PostAsync("/console/channels?handler=create", fields)).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/channels/{code}", created.Location!.OriginalString);
        var channel = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("Kiosk", channel["name"]!.GetValue<string>());
        Assert.Equal("stock", channel["config"]!["required_checks_on_commit"]![0]!.GetValue<string>());

        fields["Name"] = "Another kiosk";
        var taken = (await console.PostAsync("/console/channels?handler=create", fields)).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"<span class=\"error\" id=\"code-error\">Channel '{code}' already exists.</span>", taken.Text(), StringComparison.Ordinal);
        Assert.Contains("value=\"Another kiosk\"", taken.Html, StringComparison.Ordinal);
        Assert.Equal("Kiosk", (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChannelPage_DrawsTheOrderFlow_NamingEveryStatusAndMove()
    {
        using var admin = app.Admin();
        var flow = new JsonObject
        {
            ["initial_status"] = "open",
            ["transitions"] = new JsonObject
            {
                ["open"] = new JsonArray("preparing", "voided"),
                ["preparing"] = new JsonArray("served", "voided"),
                ["served"] = new JsonArray("paid", "preparing"),
            },
            ["terminal_statuses"] = new JsonArray("paid", "voided"),
            ["auto_transitions"] = new JsonObject { ["on_create"] = "preparing" },
        };
        var code = await admin.CreateChannelAsync("flow", new JsonObject { ["order_flow"] = flow });
        using var console = await ConsoleClient.SignedInAsync(app);

        var page = (await console.GetAsync($"/console/channels/{code}")).Expect(HttpStatusCode.OK);
        var html = page.Text();
        Assert.Contains("<svg role=\"img\" aria-labelledby=\"flow-svg-title\" aria-describedby=\"flow-moves\"", html, StringComparison.Ordinal);
        foreach (var status in new[] { "open", "preparing", "served", "paid", "voided" })
            Assert.Contains($"data-status=\"{status}\">", html, StringComparison.Ordinal);
        Assert.Contains("<g class=\"status initial\" data-status=\"open\">", html, StringComparison.Ordinal);
        Assert.Contains("<g class=\"status terminal\" data-status=\"paid\">", html, StringComparison.Ordinal);
        (string From, string To)[] moves = [("open", "preparing"), ("open", "voided"), ("preparing", "served"), ("preparing", "voided"), ("served", "paid"), ("served", "preparing")];
        foreach (var (from, to) in moves)
            Assert.Contains($"<path class=\"move\" data-from=\"{from}\" data-to=\"{to}\"", html, StringComparison.Ordinal);
        Assert.Equal(moves.Length, html.Split("<path class=\"move\"").Length - 1);

        // The text alternative: every status with its moves, in the order work goes through them.
        Assert.Contains("<li data-status=\"open\">", html, StringComparison.Ordinal);
        var items = System.Text.RegularExpressions.Regex.Matches(html, "<li data-status=\"([^\"]+)\">(.*?)</li>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(m.Groups[2].Value, "<[^>]+>", ""), @"\s+", " ").Trim());
        Assert.Equal(["open", "preparing", "served", "voided", "paid"], items.Keys);
        Assert.Equal("open · first status: moves to preparing, voided", items["open"]);
        Assert.Equal("served: moves to paid, preparing", items["served"]);
        Assert.Equal("paid · final status", items["paid"]);
        Assert.Contains("<li><code>on_create</code> → preparing</li>", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteChannelsPageTests(ConsoleSqliteApp app) : ChannelsPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresChannelsPageTests(ConsolePostgresApp app) : ChannelsPageTests(app), IClassFixture<ConsolePostgresApp>;
