using System.Text.Json.Nodes;

namespace Omniman.TestKit;

/// <summary>Short, failing-loudly reads of response fields.</summary>
public static class JsonNodeReads
{
    /// <summary>The value of <paramref name="name"/>; a missing or null field fails the test with the whole node.</summary>
    public static T Get<T>(this JsonNode node, string name) =>
        node[name] is { } value ? value.GetValue<T>() : throw new Xunit.Sdk.XunitException($"No '{name}' in {node.ToJsonString()}");

    /// <summary>The array at <paramref name="name"/> as a list of nodes.</summary>
    public static IReadOnlyList<JsonNode> Array(this JsonNode node, string name) =>
        node[name] is JsonArray array
            ? [.. array.Select(n => n ?? throw new Xunit.Sdk.XunitException($"A null element in '{name}'"))]
            : throw new Xunit.Sdk.XunitException($"No array '{name}' in {node.ToJsonString()}");
}
