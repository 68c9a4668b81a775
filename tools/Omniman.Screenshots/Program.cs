using Microsoft.Playwright;
using Omniman.Screenshots;

// Screenshots of the operator console's pages, for docs/console.md (tools/console-screenshots.sh
// starts a fresh server and runs this against it). Arguments: URL, API key, console user, password,
// output folder. Chromium is the system's (OMNIMAN_CHROMIUM, else /usr/bin/chromium).
if (args.Length != 5)
{
    await Console.Error.WriteLineAsync("usage: Omniman.Screenshots URL API_KEY USER PASSWORD OUT_DIR");
    return 2;
}
var (url, key, user, password, output) = (new Uri(args[0]), args[1], args[2], args[3], args[4]);
Directory.CreateDirectory(output);

var demo = await DemoDay.SetUpAsync(url, key);

using var playwright = await Playwright.CreateAsync();
var chromium = Environment.GetEnvironmentVariable("OMNIMAN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
var context = await browser.NewContextAsync(new() { BaseURL = url.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
var page = await context.NewPageAsync();

async Task ShotAsync(string name, string path)
{
    await page.GotoAsync(path);
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    await page.ScreenshotAsync(new() { Path = Path.Combine(output, name + ".png"), FullPage = true });
    Console.WriteLine($"{name}.png  {path}");
}

await ShotAsync("sign-in", "/console/sign-in");
await page.GetByLabel("User name").FillAsync(user);
await page.GetByLabel("Password").FillAsync(password);
await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
await page.WaitForURLAsync("**/console/orders");

await ShotAsync("orders-board", "/console/orders");
await ShotAsync("order", "/console/orders/" + Uri.EscapeDataString(demo.PaidOrderRef));
await ShotAsync("sessions", "/console/sessions");
await ShotAsync("stock", "/console/stock");
await ShotAsync("stock-movements", "/console/stock?sku=" + Uri.EscapeDataString(demo.Sku));
await ShotAsync("directives", "/console/directives");
await ShotAsync("preferences", "/console/preferences");
await ShotAsync("channel", "/console/channels/pos");
await ShotAsync("products", "/console/products");
await ShotAsync("promotions", "/console/promotions");
await ShotAsync("keys", "/console/keys");
await ShotAsync("users", "/console/users");
return 0;
