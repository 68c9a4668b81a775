using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Pages.Orders;

/// <summary>The orders board: a column per status, newest first, filtered by channel or searched; live by server-sent events.</summary>
public sealed class BoardModel(OmnimanDb db, ChannelDirectory channels) : PageModel
{
    /// <summary>Open orders shown at most; finished ones (a terminal status) are the latest few only, since they need no more work.</summary>
    private const int OpenLimit = 300;
    private const int FinishedLimit = 30;
    private const int SearchLimit = 100;

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    public IReadOnlyList<(string Status, List<OrderCard> Cards)> Columns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Channels = await db.Channels.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
        if (!string.IsNullOrEmpty(Channel) && Channels.All(c => c.Code != Channel)) Channel = null;
        var shown = Channels.Where(c => Channel is null || c.Code == Channel).ToList();
        var flows = shown.Count == 0 ? [OrderFlow.Default] : shown.Select(c => c.Settings.OrderFlow).ToList();
        var terminal = flows.SelectMany(f => f.TerminalStatuses).Distinct().ToList();
        var byCode = Channels.ToDictionary(c => c.Code, StringComparer.Ordinal);

        var orders = Filtered();
        var found = !string.IsNullOrWhiteSpace(Q)
            ? await orders.OrderByDescending(o => o.Id).Take(SearchLimit).ToListAsync(ct)
            : [.. await orders.Where(o => !terminal.Contains(o.Status)).OrderByDescending(o => o.Id).Take(OpenLimit).ToListAsync(ct),
               .. await orders.Where(o => terminal.Contains(o.Status)).OrderByDescending(o => o.Id).Take(FinishedLimit).ToListAsync(ct)];
        var cards = found.Select(o => OrderCard.Of(o, byCode.GetValueOrDefault(o.ChannelCode))).ToList();
        var statuses = FlowColumns.Of(flows);
        statuses.AddRange(cards.Select(c => c.Status).Where(s => !statuses.Contains(s)).Distinct());
        Columns = [.. statuses.Select(s => (s, cards.Where(c => c.Status == s).ToList()))];
    }

    /// <summary>One card, for the board's script to put in its column after a live change; 204 when this board's filter leaves the order out.</summary>
    public async Task<IActionResult> OnGetCardAsync(string @ref, CancellationToken ct)
    {
        var order = await Filtered().FirstOrDefaultAsync(o => o.Ref == @ref, ct);
        if (order is null) return new NoContentResult();
        // Every open board asks for each changed card: the channel comes from the process's cache.
        return Partial("_OrderCard", OrderCard.Of(order, await channels.GetAsync(db, order.ChannelCode, ct)));
    }

    private IQueryable<Omniman.Orders.Order> Filtered()
    {
        var orders = db.Orders.AsNoTracking();
        if (!string.IsNullOrEmpty(Channel)) orders = orders.Where(o => o.ChannelCode == Channel);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            orders = orders.Where(o => o.Ref.Contains(q) || o.HandleRef == q || o.ExternalRef == q);
        }
        return orders;
    }
}
