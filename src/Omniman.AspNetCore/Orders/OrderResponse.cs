using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Omniman.Common;
using Omniman.Orders;

namespace Omniman.AspNetCore.Orders;

public sealed record OrderItemResponse(string LineId, string Sku, string? Name, decimal Qty, long UnitPriceQ, long LineTotalQ, JsonObject? Meta);

public sealed record OrderEventResponse(long Id, string Type, string? Actor, JsonObject Payload, DateTime CreatedAt);

/// <summary>
/// An order on the wire (docs/api.md, Orders); lists leave out the event log. <c>status_times</c> holds when the
/// order first entered each status of its flow; the named timestamps (<c>confirmed_at</c>, …) are
/// read from it for the statuses the default flow names.
/// </summary>
public sealed record OrderResponse(
    long Id, string Ref, string ChannelCode, string SessionKey, string? HandleType, string? HandleRef, string? ExternalRef,
    string Status, string Currency, long TotalQ, IReadOnlyList<OrderItemResponse> Items, StoredJson Snapshot,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? ConfirmedAt, DateTime? ProcessingAt, DateTime? ReadyAt,
    DateTime? DispatchedAt, DateTime? DeliveredAt, DateTime? CompletedAt, DateTime? CancelledAt, DateTime? ReturnedAt,
    IReadOnlyDictionary<string, DateTime> StatusTimes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OrderEventResponse>? Events)
{
    /// <summary>What modules add to a single order's answer (<c>payments</c>), by name; absent from lists.</summary>
    [JsonExtensionData]
    public Dictionary<string, object>? Parts { get; init; }
}

/// <summary>
/// A module's part of an order as <c>GET /api/orders/{ref}</c> answers it, under its own name (the
/// payments module's <c>payments</c>). Null leaves the part out.
/// </summary>
public interface IOrderResponsePart
{
    string Name { get; }

    /// <summary>The type of what <see cref="ReadAsync"/> answers, for the OpenAPI document.</summary>
    Type Shape { get; }

    Task<object?> ReadAsync(Order order, CancellationToken ct);
}

public sealed record OrderStreamResponse(IReadOnlyList<OrderResponse> Orders, long LastId);

internal static class OrderMapping
{
    public static OrderResponse ToResponse(this Order o, IReadOnlyList<OrderEvent>? events = null) => new(
        o.Id, o.Ref, o.ChannelCode, o.SessionKey, o.HandleType, o.HandleRef, o.ExternalRef, o.Status, o.Currency, o.TotalQ,
        [.. o.Items.OrderBy(i => i.Id).Select(i => i.ToResponse())], o.Snapshot,
        o.CreatedAt, o.UpdatedAt, o.EnteredAt("confirmed"), o.EnteredAt("processing"), o.EnteredAt("ready"), o.EnteredAt("dispatched"),
        o.EnteredAt("delivered"), o.EnteredAt("completed"), o.EnteredAt("cancelled"), o.EnteredAt("returned"), o.StatusTimes,
        events?.Select(e => e.ToResponse()).ToList());

    public static OrderItemResponse ToResponse(this OrderItem i) =>
        new(i.LineId, i.Sku, i.Name, Json.Normalize(i.Qty), i.UnitPriceQ, i.LineTotalQ, i.Meta);

    public static OrderEventResponse ToResponse(this OrderEvent e) => new(e.Id, e.Type, e.Actor, e.Payload, e.CreatedAt);
}
