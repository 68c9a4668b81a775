using System.Globalization;
using Omniman.Channels;
using Omniman.OperatorConsole.Pages.Orders;

namespace Omniman.OperatorConsole.Pages.Channels;

/// <summary>
/// A channel's order flow (docs/concepts.md, Status flow) laid out for an inline SVG, drawn on the
/// server: a column per step (the longest run of moves from the initial status, so moves go right),
/// a box per status, an arrow per allowed move; a move back into a cycle curves under the boxes. The
/// page lists the same statuses and moves as text, the diagram's text alternative.
/// </summary>
public sealed class FlowDiagram
{
    /// <summary>The height of every status box.</summary>
    public const double BoxHeight = 32;

    private const double CharWidth = 8.5, Padding = 14, ColumnGap = 64, RowGap = 20, Margin = 12, LaneGap = 16;

    /// <summary>One status's box; <see cref="Label"/> is the status as people read it.</summary>
    public sealed record Box(string Status, string Label, double X, double Y, double Width, bool Initial, bool Terminal)
    {
        public double CenterX => X + Width / 2;
        public double CenterY => Y + BoxHeight / 2;
    }

    /// <summary>One allowed move, as an SVG path from its status's box to the next's.</summary>
    public sealed record Arrow(string From, string To, string Path);

    private FlowDiagram(OrderFlow flow, IReadOnlyList<string> statuses, IReadOnlyList<Box> boxes, IReadOnlyList<Arrow> arrows, double width, double height) =>
        (Flow, Statuses, Boxes, Arrows, Width, Height) = (flow, statuses, boxes, arrows, width, height);

    public OrderFlow Flow { get; }

    /// <summary>Every status of the flow, in the order work goes through them (as the orders board's columns), terminal ones last.</summary>
    public IReadOnlyList<string> Statuses { get; }
    public IReadOnlyList<Box> Boxes { get; }
    public IReadOnlyList<Arrow> Arrows { get; }
    public double Width { get; }
    public double Height { get; }

    /// <summary>The moves out of <paramref name="status"/> the flow allows.</summary>
    public IReadOnlyList<string> MovesFrom(string status) => Flow.Transitions.GetValueOrDefault(status) ?? [];

    /// <summary>A number as SVG reads it.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static FlowDiagram Of(OrderFlow flow, Func<string, string> label)
    {
        var statuses = FlowColumns.Of([flow]);
        var moves = statuses.SelectMany(from => (flow.Transitions.GetValueOrDefault(from) ?? []).Distinct(StringComparer.Ordinal).Select(to => (From: from, To: to))).ToList();
        var back = BackMoves(flow, statuses, moves);
        var step = Steps(statuses, moves.Where(m => !back.Contains(m)).ToList());

        var columns = statuses.GroupBy(s => step[s]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var tallest = columns.Max(c => c.Count * BoxHeight + (c.Count - 1) * RowGap);
        var boxes = new Dictionary<string, Box>(StringComparer.Ordinal);
        var x = Margin;
        foreach (var column in columns)
        {
            var widths = column.ToDictionary(s => s, s => label(s).Length * CharWidth + 2 * Padding);
            var columnWidth = widths.Values.Max();
            var y = Margin + (tallest - (column.Count * BoxHeight + (column.Count - 1) * RowGap)) / 2;
            foreach (var status in column)
            {
                boxes[status] = new Box(status, label(status), x + (columnWidth - widths[status]) / 2, y, widths[status],
                    status == flow.InitialStatus, flow.IsTerminal(status));
                y += BoxHeight + RowGap;
            }
            x += columnWidth + ColumnGap;
        }

        var arrows = new List<Arrow>();
        var lane = Margin + tallest;
        foreach (var (from, to) in moves)
        {
            var (a, b) = (boxes[from], boxes[to]);
            if (!back.Contains((from, to)))
            {
                var (x1, y1, x2, y2) = (a.X + a.Width, a.CenterY, b.X, b.CenterY);
                var bend = (x2 - x1) / 2;
                arrows.Add(new Arrow(from, to, $"M{N(x1)} {N(y1)} C{N(x1 + bend)} {N(y1)} {N(x2 - bend)} {N(y2)} {N(x2)} {N(y2)}"));
            }
            else
            {
                // Under the boxes, each in a lane of its own, from the bottom of one box to the bottom of the other.
                lane += LaneGap;
                var (x1, y1, x2, y2) = (a.CenterX - 6, a.Y + BoxHeight, b.CenterX + 6, b.Y + BoxHeight);
                arrows.Add(new Arrow(from, to, $"M{N(x1)} {N(y1)} C{N(x1)} {N(lane + LaneGap)} {N(x2)} {N(lane + LaneGap)} {N(x2)} {N(y2)}"));
            }
        }
        return new FlowDiagram(flow, statuses, [.. statuses.Select(s => boxes[s])], arrows, x - ColumnGap + Margin, lane + LaneGap + Margin);
    }

    /// <summary>The moves that close a cycle (back to a status on the way there), found walking from the initial status first.</summary>
    private static HashSet<(string, string)> BackMoves(OrderFlow flow, List<string> statuses, List<(string From, string To)> moves)
    {
        var back = new HashSet<(string, string)>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var next = moves.ToLookup(m => m.From, m => m.To, StringComparer.Ordinal);
        void Walk(string status)
        {
            if (!done.Add(status)) return;
            onPath.Add(status);
            foreach (var to in next[status])
            {
                if (onPath.Contains(to)) back.Add((status, to));
                else Walk(to);
            }
            onPath.Remove(status);
        }
        foreach (var status in statuses.Prepend(flow.InitialStatus)) Walk(status);
        return back;
    }

    /// <summary>Each status's column: the longest run of forward moves that reaches it.</summary>
    private static Dictionary<string, int> Steps(List<string> statuses, List<(string From, string To)> forward)
    {
        var step = statuses.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        var incoming = statuses.ToDictionary(s => s, s => forward.Count(m => m.To == s), StringComparer.Ordinal);
        var ready = new Queue<string>(statuses.Where(s => incoming[s] == 0));
        while (ready.TryDequeue(out var status))
        {
            foreach (var (_, to) in forward.Where(m => m.From == status))
            {
                step[to] = Math.Max(step[to], step[status] + 1);
                if (--incoming[to] == 0) ready.Enqueue(to);
            }
        }
        return step;
    }
}
