using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The board and the order page below the browser: moves, cancels and notes land through the kernel with the operator as actor.</summary>
public abstract class OrderPageTests(OmnimanApp app)
{
    private async Task<ConsoleClient> SignedInAsync(string? acceptLanguage = null)
    {
        var console = new ConsoleClient(app, acceptLanguage);
        (await console.SignInAsync(ConsoleSettings.Admin, ConsoleSettings.AdminPassword)).Expect(HttpStatusCode.Redirect);
        return console;
    }

    private async Task<JsonNode> ReadOrderAsync(string orderRef)
    {
        using var admin = app.Admin();
        return (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
    }

    [Fact]
    public async Task Move_FromTheOrderPage_LandsWithTheOperatorAsActor()
    {
        using var admin = app.Admin();
        var (channel, _, orderRef) = await admin.CommittedOrderAsync();
        using var console = await SignedInAsync();

        var page = (await console.GetAsync($"/console/orders/{orderRef}")).Expect(HttpStatusCode.OK);
        // One button per allowed move of the default flow from new, named after its target.
        Assert.Contains(">Move to confirmed</button>", page.Html, StringComparison.Ordinal);
        Assert.Contains(">Cancel the order</button>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Move to ready</button>", page.Html, StringComparison.Ordinal);

        var moved = (await console.PostAsync($"/console/orders/{orderRef}?handler=move",
            new Dictionary<string, string> { ["status"] = "confirmed" })).Expect(HttpStatusCode.Redirect);
        Assert.Equal($"/console/orders/{orderRef}", moved.Location!.OriginalString);

        var order = await ReadOrderAsync(orderRef);
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        var last = order["events"]!.AsArray()[^1]!;
        Assert.Equal("status_changed", last["type"]!.GetValue<string>());
        Assert.Equal("console:boss", last["actor"]!.GetValue<string>());

        var after = (await console.GetAsync($"/console/orders/{orderRef}")).Expect(HttpStatusCode.OK);
        Assert.Contains("The order is now confirmed.", after.Html, StringComparison.Ordinal);
        Assert.Contains("console:boss", after.Html, StringComparison.Ordinal);

        // The board lists it in its column, filtered by its channel.
        var board = (await console.GetAsync($"/console/orders?channel={channel}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"id=\"card-{orderRef}\" data-ref=\"{orderRef}\" data-status=\"confirmed\"", board.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_ThatAConcurrentMoveMadeInvalid_ShowsTheReasonInThePage()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        using var console = await SignedInAsync();
        await console.GetAsync($"/console/orders/{orderRef}");
        // Someone else cancels it while the page is open.
        (await admin.TransitionAsync(orderRef, "cancelled", reason: "customer left")).Expect(HttpStatusCode.OK);

        var refused = (await console.PostAsync($"/console/orders/{orderRef}?handler=move",
            new Dictionary<string, string> { ["status"] = "confirmed" })).Expect(HttpStatusCode.Conflict);
        Assert.Contains("role=\"alert\" id=\"status-error\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("cancelled", refused.Html, StringComparison.Ordinal);
        Assert.Equal("cancelled", (await ReadOrderAsync(orderRef))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_AsksForAReason_AndKeepsIt()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        using var console = await SignedInAsync();
        await console.GetAsync($"/console/orders/{orderRef}");

        var refused = (await console.PostAsync($"/console/orders/{orderRef}?handler=cancel",
            new Dictionary<string, string> { ["reason"] = "  " })).Expect(HttpStatusCode.Conflict);
        Assert.Contains("id=\"reason-error\">A reason is required to cancel.", refused.Html, StringComparison.Ordinal);
        Assert.Equal("new", (await ReadOrderAsync(orderRef))["status"]!.GetValue<string>());

        (await console.PostAsync($"/console/orders/{orderRef}?handler=cancel",
            new Dictionary<string, string> { ["reason"] = "out of milk" })).Expect(HttpStatusCode.Redirect);
        var last = (await ReadOrderAsync(orderRef))["events"]!.AsArray()[^1]!;
        Assert.Equal("cancelled", last["payload"]!["to"]!.GetValue<string>());
        Assert.Equal("out of milk", last["payload"]!["reason"]!.GetValue<string>());
        Assert.Equal("console:boss", last["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Note_IsAddedToTheTimeline_ByTheOperator()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        using var console = await SignedInAsync();
        await console.GetAsync($"/console/orders/{orderRef}");
        (await console.PostAsync($"/console/orders/{orderRef}?handler=note",
            new Dictionary<string, string> { ["text"] = "no onions" })).Expect(HttpStatusCode.Redirect);

        var last = (await ReadOrderAsync(orderRef))["events"]!.AsArray()[^1]!;
        Assert.Equal("custom.note", last["type"]!.GetValue<string>());
        Assert.Equal("no onions", last["payload"]!["text"]!.GetValue<string>());
        Assert.Equal("console:boss", last["actor"]!.GetValue<string>());
        Assert.Contains("Note: no onions", (await console.GetAsync($"/console/orders/{orderRef}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_SpeaksPortuguese_WithMoneyByCurrency_WhenTheBrowserAsks()
    {
        using var admin = app.Admin();
        var config = new JsonObject { ["currency"] = "BRL", ["terminology"] = new JsonObject { ["order"] = "Comanda" } };
        var (channel, _, orderRef) = await admin.CommittedOrderAsync(config);
        using var console = await SignedInAsync("pt-BR,pt;q=0.9,en;q=0.5");

        var board = (await console.GetAsync($"/console/orders?channel={channel}")).Expect(HttpStatusCode.OK);
        Assert.Contains("<html lang=\"pt-BR\">", board.Html, StringComparison.Ordinal);
        Assert.Contains(">novo <span class=\"count\">1</span>", board.Html, StringComparison.Ordinal);
        // Two of SKU-1 at 15.00: R$ 30,00.
        Assert.Contains("R$ 30,00", board.Html, StringComparison.Ordinal);

        var page = (await console.GetAsync($"/console/orders/{orderRef}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"<h1>Comanda {orderRef}", page.Html, StringComparison.Ordinal);
        Assert.Contains(">Mover para confirmado</button>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_TellsPaymentStepsInWords_NotAsTheirPayload()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("paid", new JsonObject { ["required_checks_on_commit"] = new JsonArray("payment") });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("CUP", 2, 3900))).Expect(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/sessions/{key}/payments", new JsonObject { ["channel_code"] = channel, ["method"] = "pm_card_visa" }))
            .Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        using var console = await SignedInAsync();

        var page = (await console.GetAsync($"/console/orders/{orderRef}")).Expect(HttpStatusCode.OK);
        Assert.Contains("Payment captured: R$78.00", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("payment_id", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_FindsAnOrder_ByItsHandle()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("srch");
        var handle = Guid.NewGuid().ToString("N")[..8];
        var orderRef = await admin.OrderInChannelAsync(channel, "table", handle);
        var other = await admin.OrderInChannelAsync(channel);
        using var console = await SignedInAsync();

        var found = (await console.GetAsync($"/console/orders?q={handle}")).Expect(HttpStatusCode.OK);
        Assert.Contains($"id=\"card-{orderRef}\"", found.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"card-{other}\"", found.Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteOrderPageTests(ConsoleSqliteApp app) : OrderPageTests(app), IClassFixture<ConsoleSqliteApp>;

public sealed class PostgresOrderPageTests(ConsolePostgresApp app) : OrderPageTests(app), IClassFixture<ConsolePostgresApp>;
