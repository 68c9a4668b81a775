using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Marketplaces;

/// <summary>
/// Reading marketplaces' JSON the same forgiving way in every adapter: ids and codes may come as strings or numbers,
/// amounts as numbers or numeric strings in currency units, times in ISO 8601 with or without an offset (UTC then).
/// </summary>
public static class MarketplaceJson
{
    /// <summary>A webhook body; one that is not JSON is refused (400 <c>invalid_json</c>) once its signature was checked.</summary>
    public static JsonNode? ParseBody(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new OmnimanException("invalid_json", $"The webhook body is not JSON: {ex.Message}");
        }
    }

    /// <summary>A non-empty string, or a number's text; null otherwise.</summary>
    public static string? Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String when node.GetValue<string>() is { Length: > 0 } text => text,
        JsonValueKind.Number => node.ToJsonString(),
        _ => null,
    };

    public static decimal? Number(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Number => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String when decimal.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static DateTime? Time(JsonNode? node) =>
        Text(node) is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime : null;

    /// <summary>An amount in currency units as minor units (hundredths), rounded half to even.</summary>
    public static long Minor(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.ToEven);

    /// <summary>Copies <paramref name="field"/> of <paramref name="from"/>, when present, to session data <paramref name="key"/>.</summary>
    public static void Copy(JsonObject from, IDictionary<string, JsonNode?> to, string field, string key)
    {
        if (from[field] is { } value) to[key] = value.DeepClone();
    }
}
