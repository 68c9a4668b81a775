namespace Omniman.Channels;

/// <summary>A channel's order state machine: where orders start, which moves are allowed, where they end.</summary>
public sealed class OrderFlow
{
    public OrderFlow(string initialStatus, IReadOnlyDictionary<string, IReadOnlyList<string>> transitions,
        IReadOnlyCollection<string> terminalStatuses, IReadOnlyDictionary<string, string> autoTransitions)
    {
        InitialStatus = initialStatus;
        Transitions = transitions;
        TerminalStatuses = terminalStatuses;
        AutoTransitions = autoTransitions;
    }

    public string InitialStatus { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Transitions { get; }
    public IReadOnlyCollection<string> TerminalStatuses { get; }
    /// <summary>Event name (<c>on_create</c>, <c>on_stock_commit</c>, <c>on_payment_confirm</c>) to target status.</summary>
    public IReadOnlyDictionary<string, string> AutoTransitions { get; }

    /// <summary>The flow of a channel that configures none (docs/concepts.md, Status flow).</summary>
    public static OrderFlow Default { get; } = new(
        "new",
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["new"] = ["confirmed", "cancelled"],
            ["confirmed"] = ["processing", "ready", "cancelled"],
            ["processing"] = ["ready", "cancelled"],
            ["ready"] = ["dispatched", "completed"],
            ["dispatched"] = ["delivered", "returned"],
            ["delivered"] = ["completed", "returned"],
            ["returned"] = ["completed"],
        },
        ["completed", "cancelled"],
        new Dictionary<string, string>());

    public bool IsTerminal(string status) => TerminalStatuses.Contains(status);

    public bool Allows(string from, string to) =>
        Transitions.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>
    /// The fewest moves the flow allows from <paramref name="from"/> to <paramref name="to"/>, the
    /// target last; empty when they are the same, null when the flow cannot get there. A marketplace
    /// may skip statuses the flow walks through (confirmed, then dispatched): the order walks them too.
    /// </summary>
    public IReadOnlyList<string>? PathTo(string from, string to)
    {
        if (from == to) return [];
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var frontier = new Queue<string>([from]);
        while (frontier.TryDequeue(out var status))
        {
            if (IsTerminal(status) || !Transitions.TryGetValue(status, out var nexts)) continue;
            foreach (var next in nexts)
            {
                if (!cameFrom.TryAdd(next, status)) continue;
                if (next == to)
                {
                    var path = new List<string>();
                    for (var at = to; at != from; at = cameFrom[at]) path.Add(at);
                    path.Reverse();
                    return path;
                }
                frontier.Enqueue(next);
            }
        }
        return null;
    }

    /// <summary>Every status the flow names anywhere.</summary>
    public IEnumerable<string> Statuses =>
        Transitions.Keys.Concat(Transitions.Values.SelectMany(v => v)).Concat(TerminalStatuses)
            .Append(InitialStatus).Distinct(StringComparer.Ordinal);
}
