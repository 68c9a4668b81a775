using System.Text.Json.Nodes;

namespace Omniman.Orders;

/// <summary>An entry of an order's audit log.</summary>
public sealed class OrderEvent
{
    public const int MaxTypeLength = 64;
    public const int MaxActorLength = 200;

    /// <summary>An outside system reported a status code the channel's mapping does not know.</summary>
    public const string ExternalStatusUnknown = "external_status_unknown";

    private OrderEvent() { }

    public long Id { get; private set; }
    public long OrderId { get; private set; }
    public string Type { get; private set; } = "";
    public string? Actor { get; private set; }
    public JsonObject Payload { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }

    public static OrderEvent Create(string type, string? actor, JsonObject payload, DateTime nowUtc) =>
        new() { Type = type, Actor = actor, Payload = payload, CreatedAt = nowUtc };

    public static OrderEvent Created(string? actor, DateTime nowUtc, string status) =>
        Create("created", actor, new JsonObject { ["status"] = status }, nowUtc);

    public static OrderEvent StatusChanged(string from, string to, string? actor, string? reason, DateTime nowUtc, string? onBehalfOf = null)
    {
        var payload = new JsonObject { ["from"] = from, ["to"] = to, ["reason"] = reason };
        if (onBehalfOf is not null) payload["on_behalf_of"] = onBehalfOf;
        return Create("status_changed", actor, payload, nowUtc);
    }
}
