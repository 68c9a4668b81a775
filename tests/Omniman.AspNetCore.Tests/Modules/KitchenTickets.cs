using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.AspNetCore.Tests.Modules;

/// <summary>
/// A small module, as a real one plugs in (docs/concepts.md, "Modules"): when an order of a channel
/// whose config names a <c>kitchen.print_on</c> status enters that status, a ticket goes to the kitchen
/// printer. An order hook queues the directive in the move's transaction; a handler prints, outside
/// any transaction, and answers retry or fail as the printer does. No kernel file is edited.
/// </summary>
public static class KitchenTickets
{
    public const string Topic = "kitchen.print";

    public static OmnimanBuilder AddKitchenTickets(this OmnimanBuilder builder)
    {
        builder.Services.AddSingleton<KitchenPrinter>();
        return builder.AddOrderHook<KitchenTicketHook>().AddDirectiveHandler<KitchenPrintHandler>();
    }
}

/// <summary>Queues a ticket when the order enters the status the channel's <c>kitchen.print_on</c> names.</summary>
internal sealed class KitchenTicketHook(OmnimanDb db) : IOrderHook
{
    public Task OnOrderEventAsync(OrderLifecycleEvent lifecycleEvent, CancellationToken ct)
    {
        // The module reads its own key of the channel's config; the kernel leaves the top level open for it.
        if (lifecycleEvent is OrderStatusChanged moved
            && moved.Channel.Config["kitchen"]?["print_on"]?.GetValue<string>() == moved.To)
        {
            db.Directives.Add(Directive.Create(KitchenTickets.Topic,
                new JsonObject { ["order_ref"] = moved.OrderRef, ["items"] = moved.Order.Items.Count },
                moved.AtUtc, Correlations.Order(moved.OrderRef)));
        }
        return Task.CompletedTask;
    }
}

/// <summary>Stands for the printer on the kitchen's network: tests make it busy or jammed.</summary>
public sealed class KitchenPrinter
{
    public ConcurrentQueue<string> Printed { get; } = new();
    public int BusyTimes { get; set; }
    public bool Jammed { get; set; }
}

/// <summary>Prints a ticket; a busy printer is tried again in 5 s, a jammed one fails for good, for an operator to see.</summary>
internal sealed class KitchenPrintHandler(KitchenPrinter printer) : IDirectiveHandler
{
    public static string Topic => KitchenTickets.Topic;

    // It talks to a device: no transaction is held open across the call.
    public static bool RunsInTransaction => false;

    public Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        if (printer.Jammed) return Task.FromResult(DirectiveOutcome.Fail("the kitchen printer is jammed"));
        if (printer.BusyTimes > 0)
        {
            printer.BusyTimes--;
            return Task.FromResult(DirectiveOutcome.RetryAfterDelay(TimeSpan.FromSeconds(5), "the kitchen printer is busy"));
        }
        // At least once: a rerun after a crash prints the ticket again, which a kitchen can live with.
        printer.Printed.Enqueue(directive.Payload["order_ref"]!.GetValue<string>());
        return Task.FromResult(DirectiveOutcome.Done);
    }
}
