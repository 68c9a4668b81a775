using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Omniman.Common;

/// <summary>The one set of JSON options for stored documents and the wire: snake_case, exact numbers.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = Frozen(Configure(new JsonSerializerOptions()));

    /// <summary>
    /// The same shape for documents read back from the database. Omniman wrote them, so they skip
    /// the duplicate-property check that guards what clients send (jsonb keeps one value per key in
    /// any case): on a read-heavy load that check cost more than parsing the document.
    /// </summary>
    internal static JsonSerializerOptions Stored { get; } = Frozen(Shape(new JsonSerializerOptions()));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        Shape(options);
        // A repeated property is refused while reading, as a JsonException (so a 400 naming the field):
        // records would otherwise keep the last value silently, and JsonObject throws ArgumentException.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new StrictNodeConverter<JsonNode>());
        options.Converters.Add(new StrictNodeConverter<JsonObject>());
        options.Converters.Add(new StrictNodeConverter<JsonArray>());
        return options;
    }

    // Read-only before the first request: first use by many threads at once then finds nothing to set up.
    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static JsonSerializerOptions Shape(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null document");


    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    public static JsonObject Clone(JsonObject source) => source.DeepClone().AsObject();

    /// <summary>Drops trailing zeros so 2.50 reads back as 2.5 and 3.0 as 3.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}

/// <summary>
/// Reads DOM values through <see cref="JsonElement"/>, which honours
/// <see cref="JsonSerializerOptions.AllowDuplicateProperties"/> at any depth; the built-in JsonNode
/// converters ignore it and fail with an <see cref="ArgumentException"/> on a repeated property.
/// </summary>
internal sealed class StrictNodeConverter<T> : JsonConverter<T> where T : JsonNode
{
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.Deserialize<JsonElement>(ref reader, options);
        }
        catch (JsonException ex)
        {
            // Without a path of its own, the exception takes the path of the property being read.
            throw new JsonException(ex.Message, ex);
        }
        JsonNode? node = element.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(element),
            JsonValueKind.Array => JsonArray.Create(element),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(element),
        };
        return node is null or T ? (T?)node : throw new JsonException($"Expected {typeof(T).Name}, got {element.ValueKind}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.WriteTo(writer, options);
}
