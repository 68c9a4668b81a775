using System.Text.Json.Nodes;
using static Omniman.Marketplaces.MarketplaceJson;

namespace Omniman.Marketplaces.IFood;

/// <summary>
/// iFood's events: reading them, and what their codes mean. iFood's own pages disagree on the names (the event
/// table and webhook samples say <c>code: "CFM"</c>, <c>fullCode: "CONFIRMED"</c>; newer pages show
/// <c>code: "CONFIRMED"</c>, <c>fullCode: "ORDER_CONFIRMED"</c>), so every name maps to the short code too.
/// </summary>
internal static class IFoodEvents
{
    public const string Placed = "PLC";
    public const string CancellationRequestFailed = "CARF";

    /// <summary>Long names of the order codes, as either documentation spells them, to their short code.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PLACED"] = "PLC", ["ORDER_PLACED"] = "PLC",
        ["CONFIRMED"] = "CFM", ["ORDER_CONFIRMED"] = "CFM",
        ["PREPARATION_STARTED"] = "PRS", ["ORDER_PREPARATION_STARTED"] = "PRS",
        ["SEPARATION_STARTED"] = "SPS", ["SEPARATION_ENDED"] = "SPE",
        ["READY_TO_PICKUP"] = "RTP", ["ORDER_READY_TO_PICKUP"] = "RTP",
        ["DISPATCHED"] = "DSP", ["ORDER_DISPATCHED"] = "DSP",
        ["CONCLUDED"] = "CON", ["ORDER_CONCLUDED"] = "CON",
        ["CANCELLED"] = "CAN", ["ORDER_CANCELLED"] = "CAN", ["CANCELED"] = "CAN",
        ["CANCELLATION_REQUEST_FAILED"] = "CARF", ["ORDER_CANCELLATION_REQUEST_FAILED"] = "CARF",
    };

    /// <summary>The short code an event stands for, whichever of its names it came with.</summary>
    public static string ShortCode(InboundEvent inbound) =>
        Aliases.GetValueOrDefault(inbound.Code) ?? (inbound.FullCode is { } full ? Aliases.GetValueOrDefault(full) : null) ?? inbound.Code;

    public static InboundEventKind Classify(InboundEvent inbound) => ShortCode(inbound) switch
    {
        Placed => InboundEventKind.NewOrder,
        CancellationRequestFailed => InboundEventKind.CancellationRefused,
        // Keep-alives and events of no order have nothing to move.
        _ when inbound.OrderId is null => InboundEventKind.Ignored,
        _ => InboundEventKind.Status,
    };

    /// <summary>The event's code as sent, its full name, then its short code: a channel may map any of them.</summary>
    public static IReadOnlyList<string> StatusCodes(InboundEvent inbound)
    {
        var codes = new List<string> { inbound.Code };
        if (inbound.FullCode is { Length: > 0 } full && !codes.Contains(full)) codes.Add(full);
        var shortCode = ShortCode(inbound);
        if (!codes.Contains(shortCode)) codes.Add(shortCode);
        return codes;
    }

    /// <summary>One event object; null when it lacks an id or a code, which no de-duplication could hold.</summary>
    public static InboundEvent? Read(JsonNode? node)
    {
        if (node is not JsonObject e) return null;
        var id = Text(e["id"]);
        var code = Text(e["code"]) ?? Text(e["fullCode"]);
        if (id is null || code is null || id.Length > InboundEvent.MaxIdLength) return null;
        return new InboundEvent(id, code, Text(e["fullCode"]), Text(e["orderId"]), Text(e["merchantId"]), Time(e["createdAt"]), (JsonObject)e.DeepClone());
    }

    /// <summary>A polling answer or a webhook body: an array of events, or one event. Sorted by when they happened.</summary>
    public static IReadOnlyList<InboundEvent> ReadAll(JsonNode? body)
    {
        IEnumerable<JsonNode?> nodes = body is JsonArray array ? array : [body];
        return [.. nodes.Select(Read).OfType<InboundEvent>().OrderBy(e => e.OccurredAtUtc ?? DateTime.MaxValue)];
    }
}
