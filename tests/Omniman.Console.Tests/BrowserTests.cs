using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>
/// Chromium from the system's packages (<c>apt-get install chromium</c>), driven by Playwright; no
/// browser is downloaded. A missing Chromium fails these tests with what to install, never skips them.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string PathVariable = "OMNIMAN_CHROMIUM";

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}: run 'apt-get install -y chromium' (as .ci/run does) or set {PathVariable}.");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

/// <summary>
/// The console in a real browser: sign-in, the live board, the keyboard reaching the moves, a stock
/// issue resolved from the sessions page, a refused config shown by its field, and an operator in
/// Portuguese refused an admin page.
/// </summary>
public sealed class BrowserTests(ConsoleKestrelApp app, ChromiumFixture chromium) : IClassFixture<ConsoleKestrelApp>, IClassFixture<ChromiumFixture>
{
    private static readonly float LiveWithin = 2_000;

    private Task<IPage> SignedInPageAsync() => SignedInPageAsync(ConsoleSettings.Admin, ConsoleSettings.AdminPassword);

    /// <summary>A browser signed in as <paramref name="user"/>; <paramref name="locale"/> is what it asks pages in.</summary>
    private async Task<IPage> SignedInPageAsync(string user, string password, string locale = "en-US",
        (string User, string Password, string SignIn) labels = default)
    {
        labels = labels == default ? ("User name", "Password", "Sign in") : labels;
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString(), Locale = locale });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/orders");
        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByLabel(labels.User).FillAsync(user);
        await page.GetByLabel(labels.Password).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = labels.SignIn }).ClickAsync();
        // Signed in once the board's address is reached; its load event is not waited for, since the
        // board holds its live feed open and a busy machine can hold the event past the timeout.
        await page.WaitForURLAsync("**/console/orders", new() { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    [Fact]
    public async Task Board_ShowsANewOrderAndItsMove_LiveWithinTwoSeconds()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("live");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/console/orders?channel={channel}");
        await Assertions.Expect(page.Locator("#live-state")).ToContainTextAsync("Live:", new() { Timeout = 5_000 });

        var clock = Stopwatch.StartNew();
        var orderRef = await admin.OrderInChannelAsync(channel);
        var card = page.Locator($"[data-status='new'] #card-{orderRef}");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = LiveWithin });
        var created = clock.Elapsed;

        clock.Restart();
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        await Assertions.Expect(page.Locator($"[data-status='confirmed'] #card-{orderRef}")).ToBeVisibleAsync(new() { Timeout = LiveWithin });
        Assert.Equal(0, await page.Locator($"[data-status='new'] #card-{orderRef}").CountAsync());
        Assert.True(created.TotalMilliseconds < LiveWithin && clock.Elapsed.TotalMilliseconds < LiveWithin, $"new {created}, moved {clock.Elapsed}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_ReachesTheMoveButtons_AndMovesTheOrder()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("keys");
        var orderRef = await admin.OrderInChannelAsync(channel);
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/console/orders/{orderRef}");

        // Tab from the top of the page until the move to "confirmed" has the focus, then press Enter.
        string? focused = null;
        for (var i = 0; i < 30 && focused != "Move to confirmed"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused = await page.EvaluateAsync<string?>("() => document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : null");
        }
        Assert.Equal("Move to confirmed", focused);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The order is now confirmed.");
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("console:boss", order["events"]!.AsArray()[^1]!["actor"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StockIssue_IsResolvedFromTheSessionsPage()
    {
        using var admin = app.Admin();
        var (sku, alternative) = ($"BRW-{Guid.NewGuid():N}"[..16], $"BRA-{Guid.NewGuid():N}"[..16]);
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 0, ["alternatives"] = new JsonArray(alternative) })).Expect(HttpStatusCode.OK);
        (await admin.PutAsync($"/api/stock/{alternative}", new JsonObject { ["on_hand"] = 5 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("brs", new JsonObject { ["required_checks_on_commit"] = new JsonArray("stock") });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 2, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        var issue = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["data"]!["issues"]![0]!;
        var replace = issue["actions"]!.AsArray().Single(a => a!["ops"]![0]!["op"]!.GetValue<string>() == "replace_sku")!;

        var page = await SignedInPageAsync();
        await page.GotoAsync($"/console/sessions?channel={channel}");
        var card = page.Locator($"#session-{channel}-{key}");
        await Assertions.Expect(card).ToContainTextAsync("out_of_stock");
        await card.GetByRole(AriaRole.Button, new() { Name = replace["label"]!.GetValue<string>() }).ClickAsync();

        await Assertions.Expect(card).ToContainTextAsync(alternative);
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(alternative, session["items"]![0]!["sku"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RefusedChannelConfig_IsShownBesideItsField_AndNothingIsSaved()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("brc");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/console/channels/{channel}");
        await page.GetByLabel("Config (JSON)").FillAsync("""{"order_flow": {"initial_status": "nowhere"}}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var config = page.GetByLabel("Config (JSON)");
        await Assertions.Expect(config).ToHaveAttributeAsync("aria-invalid", "true");
        var reason = page.Locator("#" + await config.GetAttributeAsync("aria-describedby"));
        await Assertions.Expect(reason).ToContainTextAsync("initial_status");
        await Assertions.Expect(config).ToHaveValueAsync("""{"order_flow": {"initial_status": "nowhere"}}""");
        var saved = (await admin.GetAsync($"/api/channels/{channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Null(saved["config"]!["order_flow"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Operator_InPortuguese_IsRefusedAnAdminPage()
    {
        var name = $"op{Guid.NewGuid():N}"[..12];
        await app.InScopeAsync(sp => sp.GetRequiredService<Users.ManageOperatorUsers>().CreateAsync(name, Users.OperatorRoles.Operator, "operator-password-1", default));
        var page = await SignedInPageAsync(name, "operator-password-1", "pt-BR", ("Usuário", "Senha", "Entrar"));
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation)).ToContainTextAsync("Pedidos");

        var denied = await page.GotoAsync("/console/directives");
        Assert.Equal(403, denied!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Você entrou como {name}, cujo papel não abre esta página.");
        await page.Context.CloseAsync();
    }
}
