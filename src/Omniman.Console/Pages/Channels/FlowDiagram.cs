using System.Globalization;
using Omniman.Channels;
using Omniman.OperatorConsole.Pages.Orders;

namespace Omniman.OperatorConsole.Pages.Channels;

/// <summary>
/// A channel's order flow (docs/concepts.md, Status flow) laid out for an inline SVG, drawn on the
/// server: a column per step (the longest run of moves from the initial status, so moves go right),
/// final statuses in the last column, a box per status, an arrow per allowed move; moves that skip
/// columns or go back into a cycle arc over or under the boxes. The page lists the same statuses and
/// moves as text, the diagram's text alternative.
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
        // Final statuses share the last column, where moves from anywhere can reach them without crossing other boxes.
        var last = statuses.Where(s => !flow.IsTerminal(s)).Select(s => step[s]).DefaultIfEmpty(-1).Max() + 1;
        foreach (var status in statuses.Where(flow.IsTerminal)) step[status] = last;

        var columns = statuses.GroupBy(s => step[s]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var column = columns.SelectMany((c, i) => c.Select(s => (s, i))).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        // A move that skips columns arcs above the boxes when it leaves and enters the top of its columns, under them when
        // the bottom; a move back does so under them. Each arc has a lane of its own, the shortest nearest the boxes.
        bool Top(string s) => columns[column[s]][0] == s;
        bool Bottom(string s) => columns[column[s]][^1] == s;
        int Span((string From, string To) m) => Math.Abs(column[m.To] - column[m.From]);
        var above = moves.Where(m => !back.Contains(m) && Span(m) > 1 && Top(m.From) && Top(m.To)).OrderBy(Span).ToList();
        var below = moves.Where(m => !above.Contains(m) && (back.Contains(m) || Span(m) > 1 && Bottom(m.From) && Bottom(m.To))).OrderBy(Span).ToList();

        var tallest = columns.Max(c => c.Count * BoxHeight + (c.Count - 1) * RowGap);
        var top = Margin + above.Count * LaneGap;
        var boxes = new Dictionary<string, Box>(StringComparer.Ordinal);
        var x = Margin;
        foreach (var statusesOfColumn in columns)
        {
            var widths = statusesOfColumn.ToDictionary(s => s, s => label(s).Length * CharWidth + 2 * Padding);
            var columnWidth = widths.Values.Max();
            var y = top + (tallest - (statusesOfColumn.Count * BoxHeight + (statusesOfColumn.Count - 1) * RowGap)) / 2;
            foreach (var status in statusesOfColumn)
            {
                boxes[status] = new Box(status, label(status), x + (columnWidth - widths[status]) / 2, y, widths[status],
                    status == flow.InitialStatus, flow.IsTerminal(status));
                y += BoxHeight + RowGap;
            }
            x += columnWidth + ColumnGap;
        }

        var arrows = new List<Arrow>();
        foreach (var move in moves)
        {
            var (a, b) = (boxes[move.From], boxes[move.To]);
            string path;
            if (above.IndexOf(move) is var up and >= 0)
            {
                var lane = top - (up + 1) * LaneGap;
                path = Curve(a.CenterX + 6, a.Y, a.CenterX + 6, lane, b.CenterX - 6, lane, b.CenterX - 6, b.Y);
            }
            else if (below.IndexOf(move) is var down and >= 0)
            {
                var lane = top + tallest + (down + 1) * LaneGap;
                var (x1, x2) = back.Contains(move) ? (a.CenterX - 6, b.CenterX + 6) : (a.CenterX + 6, b.CenterX - 6);
                path = Curve(x1, a.Y + BoxHeight, x1, lane, x2, lane, x2, b.Y + BoxHeight);
            }
            else
            {
                var (x1, y1, x2, y2) = (a.X + a.Width, a.CenterY, b.X, b.CenterY);
                path = Curve(x1, y1, x1 + (x2 - x1) / 2, y1, x2 - (x2 - x1) / 2, y2, x2, y2);
            }
            arrows.Add(new Arrow(move.From, move.To, path));
        }
        return new FlowDiagram(flow, statuses, [.. statuses.Select(s => boxes[s])], arrows, x - ColumnGap + Margin,
            top + tallest + below.Count * LaneGap + (below.Count > 0 ? LaneGap : 0) + Margin);
    }

    private static string Curve(double x1, double y1, double cx1, double cy1, double cx2, double cy2, double x2, double y2) =>
        $"M{N(x1)} {N(y1)} C{N(cx1)} {N(cy1)} {N(cx2)} {N(cy2)} {N(x2)} {N(y2)}";

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
