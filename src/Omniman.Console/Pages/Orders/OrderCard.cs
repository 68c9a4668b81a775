using Omniman.Channels;
using Omniman.Orders;

namespace Omniman.OperatorConsole.Pages.Orders;

/// <summary>An order as its card on the board shows it: enough to recognise it and move it on.</summary>
public sealed record OrderCard(string Ref, string ChannelCode, string ChannelName, string Status, string? HandleType, string? HandleRef,
    string? ExternalRef, long TotalQ, string Currency, DateTime CreatedAt, IReadOnlyList<string> Moves)
{
    public const string Cancelled = "cancelled";

    public static OrderCard Of(Order order, Channel? channel)
    {
        var flow = channel?.Settings.OrderFlow ?? OrderFlow.Default;
        var moves = flow.IsTerminal(order.Status) ? [] : flow.Transitions.GetValueOrDefault(order.Status) ?? [];
        return new(order.Ref, order.ChannelCode, channel?.Name ?? order.ChannelCode, order.Status, order.HandleType, order.HandleRef,
            order.ExternalRef, order.TotalQ, order.Currency, order.CreatedAt, moves);
    }

    /// <summary>The moves a card offers as buttons: every allowed one but a cancel, which asks for a reason on the order page.</summary>
    public IEnumerable<string> QuickMoves => Moves.Where(m => m != Cancelled);
}
