using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Omniman.Common;

namespace Omniman.AspNetCore.Errors;

/// <summary>
/// Says what is wrong with a request body that could not be read, in the envelope and in the
/// contract's words: the field by its JSON path, what it should hold, and never a .NET type name
/// (the serializer's own messages name them).
/// </summary>
internal static class JsonBodyError
{
    /// <summary>The envelope's error for <paramref name="json"/>; <paramref name="bodyType"/> is the type the endpoint reads its body as (null when unknown).</summary>
    public static OmnimanException From(JsonException json, Type? bodyType, JsonSerializerOptions options)
    {
        var path = Segments(json.Path);
        // The reader's own failure (a missing brace, a stray character): the body is not JSON at all.
        // (JsonReaderException is internal to the serializer, hence its name.)
        if (path is null || json.InnerException?.GetType().Name == "JsonReaderException")
            return NotJson(json);
        if (path.Count == 0)
            return new OmnimanException("validation_error", "The request body must be a JSON object.");
        var field = string.Join('.', path.Select(s => s.Name ?? $"[{s.Index}]")).Replace(".[", "[", StringComparison.Ordinal);
        var (container, valueType) = Resolve(bodyType, path, options);
        if (container is { Kind: JsonTypeInfoKind.Object } && valueType is null)
            return UnknownFields.Error(field, container.Properties.Select(p => p.Name));
        // The serializer reports a repeated property in a message of its own, with nothing else to tell it by
        // (inside a JSON document field, the strict node converter wraps that same exception).
        if ((json.InnerException as JsonException ?? json).Message.StartsWith("Duplicate property", StringComparison.Ordinal))
            return OmnimanException.Invalid(field, $"'{field}' is given more than once.");
        return OmnimanException.Invalid(field, $"'{field}' must be {Expected(valueType)}.");
    }

    private static OmnimanException NotJson(JsonException json)
    {
        var at = json.LineNumber is { } line && json.BytePositionInLine is { } position
            ? $" (line {line + 1}, byte {position + 1})"
            : "";
        return new OmnimanException("validation_error", $"The request body is not valid JSON{at}.");
    }

    /// <summary>What a value of <paramref name="type"/> looks like on the wire, in words.</summary>
    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "of another type",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) => $"a whole number from {int.MinValue} to {int.MaxValue}",
            _ when type == typeof(long) => $"a whole number from {long.MinValue} to {long.MaxValue}",
            _ when type == typeof(decimal) || type == typeof(double) => "a number within range",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "an ISO 8601 timestamp",
            _ when type == typeof(JsonArray) => "an array",
            _ when type == typeof(JsonObject) => "an object",
            _ when type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "an array",
            _ when type == typeof(JsonNode) => "a JSON value",
            _ => "an object",
        };
    }

    private sealed record Segment(string? Name, int Index);

    /// <summary>
    /// The type holding the path's last segment, and the type of the value there: null when the
    /// holder has no such property (an unknown field), or when the path leaves what the types describe.
    /// </summary>
    private static (JsonTypeInfo? Container, Type? ValueType) Resolve(Type? bodyType, List<Segment> path, JsonSerializerOptions options)
    {
        if (bodyType is null) return (null, null);
        var type = bodyType;
        JsonTypeInfo? container = null;
        for (var i = 0; i < path.Count; i++)
        {
            var segment = path[i];
            // Inside a free JSON document (a payload, a config) the types say nothing more.
            if (type is null || type.IsAssignableTo(typeof(JsonNode))) return (null, null);
            container = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            type = segment.Name is { } name
                ? container.Kind == JsonTypeInfoKind.Object ? container.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType : null
                : container.Kind == JsonTypeInfoKind.Enumerable ? container.ElementType : null;
            if (type is null) return container.Kind == JsonTypeInfoKind.Object && i == path.Count - 1 ? (container, null) : (null, null);
        }
        return (container, type);
    }

    /// <summary>
    /// Splits the serializer's path (<c>$.ops[2].sku</c>, <c>$['odd.name']</c>) into names and
    /// indexes; null when there is none to split.
    /// </summary>
    private static List<Segment>? Segments(string? path)
    {
        if (path is null || !path.StartsWith('$')) return null;
        var segments = new List<Segment>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                segments.Add(new Segment(path[(i + 1)..end], -1));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var name = new StringBuilder();
                var j = i + 2;
                // A quote inside the name is escaped as \' by the serializer.
                while (j < path.Length && !(path[j] == '\'' && j + 1 < path.Length && path[j + 1] == ']'))
                {
                    if (path[j] == '\\' && j + 1 < path.Length) j++;
                    name.Append(path[j++]);
                }
                segments.Add(new Segment(name.ToString(), -1));
                i = j + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index)) return segments;
                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else
            {
                return segments;
            }
        }
        return segments;
    }
}
