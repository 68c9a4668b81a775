using Omniman.Channels;

namespace Omniman.OperatorConsole.Pages.Orders;

/// <summary>The statuses of one or more flows in the order work goes through them: from the initial status along the moves, terminal ones last.</summary>
internal static class FlowColumns
{
    public static List<string> Of(IEnumerable<OrderFlow> flows)
    {
        var columns = new List<string>();
        var terminal = new List<string>();
        foreach (var flow in flows)
        {
            var queue = new Queue<string>([flow.InitialStatus]);
            var seen = new HashSet<string>(StringComparer.Ordinal) { flow.InitialStatus };
            while (queue.TryDequeue(out var status))
            {
                var list = flow.IsTerminal(status) ? terminal : columns;
                if (!list.Contains(status) && !(list == columns && terminal.Contains(status))) list.Add(status);
                foreach (var next in flow.Transitions.GetValueOrDefault(status) ?? [])
                {
                    if (seen.Add(next)) queue.Enqueue(next);
                }
            }
            foreach (var status in flow.Statuses.Where(s => !seen.Contains(s))) (flow.IsTerminal(status) ? terminal : columns).Add(status);
        }
        columns.RemoveAll(terminal.Contains);
        return [.. columns.Distinct(StringComparer.Ordinal), .. terminal.Distinct(StringComparer.Ordinal)];
    }
}
