using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Modules;

public sealed class SqliteKitchenApp : SqliteApp
{
    protected override void ConfigureServices(IServiceCollection services) =>
        new OmnimanBuilder(services, new ConfigurationBuilder().Build()).AddKitchenTickets();
}

public sealed class PostgresKitchenApp : PostgresApp
{
    protected override void ConfigureServices(IServiceCollection services) =>
        new OmnimanBuilder(services, new ConfigurationBuilder().Build()).AddKitchenTickets();
}

/// <summary>The example module works through the kernel's seams alone: order hook, directive, handler outcome, correlation.</summary>
public abstract class KitchenTicketsTests(OmnimanApp app)
{
    private KitchenPrinter Printer => app.Services.GetRequiredService<KitchenPrinter>();

    private Task<int> DispatchAsync() =>
        app.Services.GetRequiredService<DirectiveDispatcher>().DispatchDueAsync(new DispatchFilter([KitchenTickets.Topic]));

    private static async Task<string> ConfirmedOrderAsync(ApiClient admin)
    {
        var (_, _, orderRef) = await admin.CommittedOrderAsync(new JsonObject { ["kitchen"] = new JsonObject { ["print_on"] = "confirmed" } });
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        return orderRef;
    }

    [Fact]
    public async Task ConfirmingAnOrder_PrintsItsTicket_Once()
    {
        using var admin = app.Admin();
        var orderRef = await ConfirmedOrderAsync(admin);

        await DispatchAsync();

        Assert.Single(Printer.Printed, orderRef);
        var directive = Assert.Single(await admin.AllPagesAsync($"/api/directives?correlation=order:{orderRef}"));
        Assert.Equal(("kitchen.print", "done"), (directive["topic"]!.GetValue<string>(), directive["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ABusyPrinter_IsTriedAgainWhenTheHandlerSaid()
    {
        using var admin = app.Admin();
        Printer.BusyTimes = 1;
        var orderRef = await ConfirmedOrderAsync(admin);

        await DispatchAsync();
        Assert.DoesNotContain(orderRef, Printer.Printed);
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await DispatchAsync();

        Assert.Contains(orderRef, Printer.Printed);
    }

    [Fact]
    public async Task AJammedPrinter_FailsTheTicketForGood_WithTheReason()
    {
        using var admin = app.Admin();
        Printer.Jammed = true;
        try
        {
            var orderRef = await ConfirmedOrderAsync(admin);

            await DispatchAsync();

            var directive = Assert.Single(await admin.AllPagesAsync($"/api/directives?correlation=order:{orderRef}"));
            Assert.Equal("failed", directive["status"]!.GetValue<string>());
            Assert.Equal("the kitchen printer is jammed", directive["last_error"]!.GetValue<string>());
        }
        finally
        {
            Printer.Jammed = false;
            app.Log.Lines.Clear();
        }
    }

    [Fact]
    public async Task AChannelWithoutAKitchen_PrintsNothing()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);

        Assert.Empty(await admin.AllPagesAsync($"/api/directives?correlation=order:{orderRef}"));
    }
}

public sealed class SqliteKitchenTicketsTests(SqliteKitchenApp app) : KitchenTicketsTests(app), IClassFixture<SqliteKitchenApp>;

public sealed class PostgresKitchenTicketsTests(PostgresKitchenApp app) : KitchenTicketsTests(app), IClassFixture<PostgresKitchenApp>;
