using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Sessions;

namespace Omniman.Orders;

/// <summary>What an outside system's status report did to an order (<c>Order.ApplyExternalStatus</c> decides).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ExternalStatusOutcome>))]
public enum ExternalStatusOutcome
{
    /// <summary>The order moved to the mapped status.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("moved")] Moved,
    /// <summary>The order is in the mapped status already: a repeated report.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("duplicate")] Duplicate,
    /// <summary>The order has been in the mapped status, or can no longer reach it: a late or out-of-order report.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("passed")] Passed,
    /// <summary>The mapping has no such code: recorded as an event, nothing moved.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("unknown_code")] UnknownCode,
}

/// <summary>
/// An immutable committed transaction (docs/concepts.md, Orders): its items and snapshot never change; only its
/// status moves, by the channel's flow, with every move in the event log.
/// </summary>
public sealed class Order
{
    /// <summary>Version of the snapshot document, bumped when its shape changes.</summary>
    public const int SnapshotVersion = 1;

    public const int MaxStatusLength = 32;
    public const int MaxExternalRefLength = 128;

    private Order() { }

    public long Id { get; private set; }
    public string Ref { get; private set; } = "";
    public string ChannelCode { get; private set; } = "";
    public string SessionKey { get; private set; } = "";
    public string? HandleType { get; private set; }
    public string? HandleRef { get; private set; }
    public string? ExternalRef { get; private set; }
    public string Status { get; private set; } = "";
    public string Currency { get; private set; } = "";
    public long TotalQ { get; private set; }
    /// <summary>The session as committed, kept as text: it is only ever sent whole.</summary>
    public StoredJson Snapshot { get; private set; } = StoredJson.EmptyObject;
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>
    /// When the order first entered each status of its channel's flow, whatever the flow names
    /// them (a <c>preparing</c> status gets its time too); the initial status is stamped at creation.
    /// A document is a value: a move assigns a new one.
    /// </summary>
    public Dictionary<string, DateTime> StatusTimes { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>When the order first entered <paramref name="status"/>, or null if it never did.</summary>
    public DateTime? EnteredAt(string status) => StatusTimes.TryGetValue(status, out var at) ? at : null;
    public List<OrderItem> Items { get; private set; } = [];
    public List<OrderEvent> Events { get; private set; } = [];

    /// <summary>A status move not yet published to the order hooks; <c>ExternalCode</c> is the outside system's status code when the move applies its report.</summary>
    public sealed record Move(string From, string To, string? Actor, string? Reason, DateTime AtUtc, string? ExternalCode = null);

    private readonly List<Move> _moves = [];

    /// <summary>The moves made since the last call, oldest first, for the order hooks.</summary>
    public IReadOnlyList<Move> TakeMoves()
    {
        var moves = _moves.ToArray();
        _moves.Clear();
        return moves;
    }

    /// <summary>Seals a session into an order with its <c>created</c> event.</summary>
    public static Order FromSession(Session session, Channel channel, string orderRef, string currency, string? actor, DateTime nowUtc)
    {
        var flow = channel.Settings.OrderFlow;
        var externalRef = session.Data["external_ref"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? session.Data["external_ref"]!.GetValue<string>() : null;
        if (!Text.Fits(externalRef, MaxExternalRefLength))
            throw OmnimanException.Invalid("external_ref", $"data.external_ref has {Text.AtMost(MaxExternalRefLength)}.");
        var order = new Order
        {
            Ref = orderRef,
            ChannelCode = session.ChannelCode,
            SessionKey = session.SessionKey,
            HandleType = session.HandleType,
            HandleRef = session.HandleRef,
            ExternalRef = externalRef,
            Status = flow.InitialStatus,
            Currency = currency,
            TotalQ = session.TotalQ,
            CreatedAt = nowUtc,
            UpdatedAt = nowUtc,
            Items = [.. session.Items.Select(l => new OrderItem
            {
                LineId = l.LineId, Sku = l.Sku, Name = l.Name, Qty = l.Qty,
                UnitPriceQ = l.UnitPriceQ ?? 0, LineTotalQ = l.LineTotalQ, Meta = l.Meta is null ? null : Json.Clone(l.Meta),
            })],
            Snapshot = StoredJson.From(new JsonObject
            {
                ["_v"] = SnapshotVersion,
                ["items"] = Json.ToNode(session.Items),
                ["data"] = Json.Clone(session.Data),
                ["pricing"] = Json.Clone(session.Pricing),
                ["rev"] = session.Rev,
                ["channel_code"] = session.ChannelCode,
                ["pricing_policy"] = session.PricingPolicy,
            }),
        };
        order.StampFirst(order.Status, nowUtc);
        order.Events.Add(OrderEvent.Created(actor, nowUtc, order.Status));
        // Manual price overrides are always audited: one event per overridden line.
        foreach (var line in session.Items)
        {
            if (line.Meta?["price_override"] is JsonObject audit)
                order.Events.Add(OrderEvent.Create("price_overridden", audit["actor"]?.GetValue<string>(), new JsonObject
                {
                    ["line_id"] = line.LineId, ["sku"] = line.Sku, ["previous_q"] = audit["previous_q"]?.DeepClone(),
                    ["new_q"] = line.UnitPriceQ, ["reason"] = audit["reason"]?.DeepClone(),
                }, nowUtc));
        }
        if (flow.AutoTransitions.TryGetValue("on_create", out var next))
            order.TransitionTo(next, flow, "system", "auto_transitions.on_create", nowUtc);
        return order;
    }

    /// <summary>
    /// Moves the order by its channel's flow. A move to the current status is a no-op (false),
    /// so a repeated webhook or retried call is harmless.
    /// </summary>
    public bool TransitionTo(string next, OrderFlow flow, string? actor, string? reason, DateTime nowUtc, string? onBehalfOf = null) =>
        MoveTo(next, flow, actor, reason, nowUtc, onBehalfOf, externalCode: null);

    private bool MoveTo(string next, OrderFlow flow, string? actor, string? reason, DateTime nowUtc, string? onBehalfOf, string? externalCode)
    {
        if (next == Status) return false;
        if (flow.IsTerminal(Status))
            throw new OmnimanException("terminal_status", $"Order {Ref} is {Status} and cannot change.",
                new { current_status = Status, requested_status = next });
        if (!flow.Allows(Status, next))
            throw new OmnimanException("invalid_transition", $"{Status} → {next} is not allowed.",
                new { current_status = Status, requested_status = next, allowed = flow.Transitions.GetValueOrDefault(Status) ?? [] });
        Events.Add(OrderEvent.StatusChanged(Status, next, actor, reason, nowUtc, onBehalfOf));
        _moves.Add(new Move(Status, next, actor, reason, nowUtc, externalCode));
        StampFirst(next, nowUtc);   // first move into a status wins; history lives in events
        Status = next;
        UpdatedAt = nowUtc;
        return true;
    }

    /// <summary>
    /// Applies a status an outside system reports (a marketplace's <c>CFM</c>, <c>DSP</c>), by the
    /// channel's <c>status_mapping</c>, never backwards: a code the mapping lacks is recorded as an
    /// event only; a status the order is in, or has been in, or cannot reach any more (a late or
    /// out-of-order report) changes nothing; otherwise the order walks the flow's shortest path
    /// there, each move its own event.
    /// </summary>
    public ExternalStatusOutcome ApplyExternalStatus(string code, IReadOnlyDictionary<string, string> mapping, OrderFlow flow,
        string? actor, DateTime nowUtc)
    {
        if (!mapping.TryGetValue(code, out var target))
        {
            Events.Add(OrderEvent.Create(OrderEvent.ExternalStatusUnknown, actor, new JsonObject { ["code"] = code, ["status"] = Status }, nowUtc));
            return ExternalStatusOutcome.UnknownCode;
        }
        if (target == Status) return ExternalStatusOutcome.Duplicate;
        if (StatusTimes.ContainsKey(target) || flow.PathTo(Status, target) is not { } path) return ExternalStatusOutcome.Passed;
        foreach (var step in path) MoveTo(step, flow, actor, $"status_mapping:{code}", nowUtc, onBehalfOf: null, externalCode: code);
        return ExternalStatusOutcome.Moved;
    }

    private void StampFirst(string status, DateTime nowUtc)
    {
        if (!StatusTimes.ContainsKey(status)) StatusTimes = new(StatusTimes, StringComparer.Ordinal) { [status] = nowUtc };
    }
}
