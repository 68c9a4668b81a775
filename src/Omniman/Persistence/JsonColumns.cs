using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Omniman.Common;

namespace Omniman.Persistence;

/// <summary>
/// JSON documents (items, data, config, payloads) are <c>jsonb</c> on PostgreSQL and text on
/// SQLite: configurations mark them with <see cref="IsJson{T}"/>, the model picks the column type.
/// A document is a value: an entity changes one by assigning a new document (its setters are
/// private), never by editing the one it holds, so change tracking compares references and keeps
/// no copy. Serializing every document to snapshot and compare it cost more than a modify's ops.
/// </summary>
internal static class JsonColumns
{
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property) where T : class? =>
        property.HasConversion(new JsonDocumentConverter<T>(), new ValueComparer<T>(
            (a, b) => ReferenceEquals(a, b),
            v => v == null ? 0 : RuntimeHelpers.GetHashCode(v),
            v => v));

    public static ModelBuilder UseJsonColumnType(this ModelBuilder modelBuilder, bool postgres)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            if (property.GetValueConverter() is IJsonDocumentConverter)
                property.SetColumnType(postgres ? "jsonb" : "TEXT");
        }
        return modelBuilder;
    }

    private interface IJsonDocumentConverter;

    private sealed class JsonDocumentConverter<T>() : ValueConverter<T, string>(
        v => StoredDocument<T>.Write(v), v => StoredDocument<T>.Read(v)), IJsonDocumentConverter where T : class?;

    /// <summary>
    /// Reads and writes a stored document: <see cref="StoredJson"/> as its text, a DOM document
    /// straight from its text, a typed one through the serializer with <see cref="Json.Stored"/>.
    /// </summary>
    private static class StoredDocument<T>
    {
        public static readonly Func<string, T> Read =
            typeof(T) == typeof(StoredJson) ? v => (T)(object)StoredJson.FromStored(v)
            : typeof(JsonNode).IsAssignableFrom(typeof(T)) ? v => (T)(object)JsonNode.Parse(v)!
            : v => JsonSerializer.Deserialize<T>(v, Json.Stored)!;

        public static readonly Func<T, string> Write =
            typeof(T) == typeof(StoredJson) ? v => ((StoredJson)(object)v!).Text : v => Json.Serialize(v);
    }
}
