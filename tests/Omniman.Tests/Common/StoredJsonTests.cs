using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Tests.Common;

/// <summary>A document kept as text: written once, sent as it is, parsed only when asked.</summary>
public sealed class StoredJsonTests
{
    private sealed record Envelope(string Name, StoredJson Document, int After);

    [Fact]
    public void From_KeepsTheDocumentAsCompactJson()
    {
        var document = StoredJson.From(new JsonObject { ["a"] = 1, ["b"] = new JsonArray("ç", "\"q\""), ["c"] = null });

        Assert.Equal("""{"a":1,"b":["ç","\"q\""],"c":null}""", document.Text);
    }

    [Fact]
    public void Serialize_WritesTheTextAsTheValue_BetweenOtherProperties()
    {
        var document = StoredJson.From(new JsonObject { ["items"] = new JsonArray(new JsonObject { ["sku"] = "A" }) });

        var json = Json.Serialize(new Envelope("x", document, 7));

        Assert.Equal("""{"name":"x","document":{"items":[{"sku":"A"}]},"after":7}""", json);
    }

    [Fact]
    public void Deserialize_KeepsTheValueAsItsText()
    {
        var envelope = Json.Deserialize<Envelope>("""{"name":"x","document":{"k": [1, 2]},"after":7}""");

        Assert.Equal("""{"k": [1, 2]}""", envelope.Document.Text);
        Assert.Equal(7, envelope.After);
    }

    [Fact]
    public void ToNode_ParsesTheText()
    {
        var document = StoredJson.From(new JsonObject { ["rev"] = 3 });

        Assert.Equal(3, document.ToNode()["rev"]!.GetValue<int>());
        Assert.NotSame(document.ToNode(), document.ToNode());
    }

    [Fact]
    public void ToNode_Throws_WhenTheStoredTextIsNull()
    {
        Assert.Throws<JsonException>(() => StoredJson.FromStored("null").ToNode());
    }
}
