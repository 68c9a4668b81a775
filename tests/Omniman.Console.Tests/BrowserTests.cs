using System.Diagnostics;
using System.Net;
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

/// <summary>The console in a real browser: sign-in, the live board, and the keyboard reaching the moves.</summary>
public sealed class BrowserTests(ConsoleKestrelApp app, ChromiumFixture chromium) : IClassFixture<ConsoleKestrelApp>, IClassFixture<ChromiumFixture>
{
    private static readonly float LiveWithin = 2_000;

    private async Task<IPage> SignedInPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/orders");
        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("User name").FillAsync(ConsoleSettings.Admin);
        await page.GetByLabel("Password").FillAsync(ConsoleSettings.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/orders");
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
}
