using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Omniman.Common;

/// <summary>
/// A JSON document kept as its text: serialized once when it is made, then passed from the
/// database to the wire without being parsed. For documents that are only ever sent whole (an
/// order's snapshot): on a page of orders, parsing each snapshot into a DOM and writing it back
/// out was the largest share of the page's JSON work. <see cref="ToNode"/> parses it when a field
/// is needed.
/// </summary>
[JsonConverter(typeof(StoredJsonConverter))]
public sealed class StoredJson
{
    private StoredJson(string text) => Text = text;

    /// <summary><c>{}</c>, made once: an entity's default before the database fills it in.</summary>
    public static StoredJson EmptyObject { get; } = new("{}");

    /// <summary>
    /// The document as JSON text: compact as Omniman writes it; read back from PostgreSQL's
    /// <c>jsonb</c>, with a space after each colon and comma, as that type prints it.
    /// </summary>
    public string Text { get; }

    public static StoredJson From(JsonNode node) => new(node.ToJsonString(Json.Options));

    /// <summary>Text read back from a JSON column: the database (or Omniman, on SQLite) wrote it, so it is not checked again.</summary>
    internal static StoredJson FromStored(string text) => new(text);

    /// <summary>The document parsed, for a caller that reads its fields.</summary>
    public JsonNode ToNode() => JsonNode.Parse(Text) ?? throw new JsonException("null document");
}

/// <summary>Writes the text as it is; reads any JSON value into its raw text.</summary>
internal sealed class StoredJsonConverter : JsonConverter<StoredJson>
{
    public override StoredJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return StoredJson.FromStored(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, StoredJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
