using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Payments;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Orders;

/// <summary>
/// One order: items, totals and their trace, payments, the event timeline, and the moves its flow
/// allows. Moves and notes go through <see cref="TransitionOrder"/> and <see cref="AppendOrderEvent"/>,
/// as the API's do, with the operator as the actor.
/// </summary>
public sealed class OrderModel(OmnimanDb db, ChannelDirectory channels, TransitionOrder transition, AppendOrderEvent append, ConsoleRequest console)
    : PageModel
{
    public const string NoteType = "custom.note";
    public const int MaxTextLength = 500;

    public Order Item { get; private set; } = null!;
    public Channel? Channel { get; private set; }
    public OrderCard Card { get; private set; } = null!;
    public JsonObject? Pricing { get; private set; }
    public IReadOnlyList<Payment> Payments { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why the last action was refused, shown in the page (a move another operator made first, a missing reason).</summary>
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    public async Task<IActionResult> OnGetAsync(string @ref, CancellationToken ct) => await LoadAsync(@ref, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostMoveAsync(string @ref, string? status, string? back, CancellationToken ct) =>
        ActAsync(@ref, "status", async () =>
        {
            var moved = await transition.ExecuteAsync(@ref, status, console.Actor, null, ct);
            Done = string.Format(System.Globalization.CultureInfo.InvariantCulture, console.T["The order is now {0}."], console.T.Status(moved.Status));
            return back == "board" ? Redirect(ConsolePaths.Root + "/orders#card-" + Uri.EscapeDataString(@ref)) : null;
        }, ct);

    public Task<IActionResult> OnPostCancelAsync(string @ref, string? reason, CancellationToken ct) =>
        ActAsync(@ref, "reason", async () =>
        {
            reason = reason?.Trim();
            if (string.IsNullOrEmpty(reason)) throw new OmnimanException("missing_field", console.T["A reason is required to cancel."]);
            if (reason.Length > MaxTextLength) throw TooLong();
            var moved = await transition.ExecuteAsync(@ref, OrderCard.Cancelled, console.Actor, reason, ct);
            Done = string.Format(System.Globalization.CultureInfo.InvariantCulture, console.T["The order is now {0}."], console.T.Status(moved.Status));
            return null;
        }, ct);

    public Task<IActionResult> OnPostNoteAsync(string @ref, string? text, CancellationToken ct) =>
        ActAsync(@ref, "note", async () =>
        {
            text = text?.Trim();
            if (string.IsNullOrEmpty(text)) throw new OmnimanException("missing_field", console.T["Write a note first."]);
            if (text.Length > MaxTextLength) throw TooLong();
            await append.ExecuteAsync(@ref, NoteType, new JsonObject { ["text"] = text }, console.Actor, ct);
            Done = console.T["Note added."];
            return null;
        }, ct);

    /// <summary>Runs an action; on success back to the order (post, redirect, get), on a broken rule the page again with the reason by its field.</summary>
    private Task<IActionResult> ActAsync(string orderRef, string field, Func<Task<IActionResult?>> action, CancellationToken ct) =>
        this.ActAsync(async () => await action() ?? Redirect(ConsolePaths.Order(orderRef)), async refused =>
        {
            Done = null;
            (Error, ErrorField) = (refused.Message, field);
            // Orders are never deleted: the order a form was posted for is there to show again.
            await LoadAsync(orderRef, ct);
        });

    private OmnimanException TooLong() => new("validation_error",
        string.Format(System.Globalization.CultureInfo.InvariantCulture, console.T["At most {0} characters."], MaxTextLength));

    private async Task<bool> LoadAsync(string orderRef, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().AsSplitQuery().Include(o => o.Items).Include(o => o.Events)
            .FirstOrDefaultAsync(o => o.Ref == orderRef, ct);
        if (order is null) return false;
        Item = order;
        Channel = await channels.GetAsync(db, order.ChannelCode, ct);
        Card = OrderCard.Of(order, Channel);
        Pricing = order.Snapshot.ToNode()["pricing"] as JsonObject;
        Payments = await db.Set<Payment>().AsNoTracking().Where(p => p.OrderRef == orderRef).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        return true;
    }

    /// <summary>What the channel calls a thing (its config's <c>terminology</c>: a POS "Tab", an iFood "Pedido"), else the console's word.</summary>
    public string Term(string key, string fallback) =>
        Channel?.Config["terminology"]?[key] is JsonValue value && value.TryGetValue<string>(out var word) && word.Length > 0 ? word : console.T[fallback];

    public long PricingValue(string name) => Pricing?[name] is JsonValue v && v.TryGetValue<long>(out var q) ? q : 0;
}
