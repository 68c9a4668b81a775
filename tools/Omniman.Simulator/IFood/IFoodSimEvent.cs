using System.Text.Json.Nodes;

namespace Omniman.Simulator.IFood;

/// <summary>An event the simulated iFood holds for polling until it is acknowledged, as the real one does.</summary>
public sealed record IFoodSimEvent(string Id, string Code, string FullCode, string OrderId, string MerchantId, DateTimeOffset CreatedAt)
{
    /// <summary>The event as iFood sends it, by polling or webhook.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["code"] = Code,
        ["fullCode"] = FullCode,
        ["orderId"] = OrderId,
        ["merchantId"] = MerchantId,
        ["createdAt"] = CreatedAt.UtcDateTime.ToString("O"),
        ["salesChannel"] = "IFOOD",
        ["metadata"] = new JsonObject(),
    };

    public static readonly IReadOnlyDictionary<string, string> FullCodes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PLC"] = "PLACED", ["CFM"] = "CONFIRMED", ["SPS"] = "SEPARATION_STARTED", ["SPE"] = "SEPARATION_ENDED",
        ["RTP"] = "READY_TO_PICKUP", ["DSP"] = "DISPATCHED", ["CON"] = "CONCLUDED", ["CAN"] = "CANCELLED",
        ["CARF"] = "CANCELLATION_REQUEST_FAILED",
    };
}

/// <summary>An order action the simulated iFood accepted (answered 202).</summary>
public sealed record IFoodSimAction(string OrderId, string Action, JsonObject? Body);
