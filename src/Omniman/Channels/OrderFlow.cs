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

    /// <summary>The flow of a channel that configures none (spec §2).</summary>
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

    /// <summary>Every status the flow names anywhere.</summary>
    public IEnumerable<string> Statuses =>
        Transitions.Keys.Concat(Transitions.Values.SelectMany(v => v)).Concat(TerminalStatuses)
            .Append(InitialStatus).Distinct(StringComparer.Ordinal);
}
