using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Omniman.AspNetCore.Errors;
using Omniman.Common;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// Schemas as the wire has them, where the generator reads the .NET types otherwise:
/// <list type="bullet">
/// <item>A free JSON document (<c>meta</c>, <c>data</c>, a payload, a config, an order's snapshot, an error's
/// <c>context</c>) is an object, or an array for <c>ops</c>. Left as the generator's <c>{}</c>, which
/// accepts null too, a nullable one came out as <c>oneOf [null, {}]</c>, which no value but an object
/// passes and null fails (it matches both branches).</item>
/// <item>A field written only when it has a value (<c>events</c> on an order read alone, a key's <c>secret</c>)
/// is not required, and never null.</item>
/// <item>A request body's required fields (<see cref="RequestFields"/>) are not null either: null is
/// refused as missing.</item>
/// </list>
/// </summary>
internal sealed class WireSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(JsonObject) || type == typeof(StoredJson) || IsErrorContext(context.JsonPropertyInfo))
            (schema.Type, schema.Description) = (JsonSchemaType.Object, null);
        else if (type == typeof(JsonArray))
            schema.Type = JsonSchemaType.Array;

        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is not { } properties) return Task.CompletedTask;
        var requestBody = context.ParameterDescription?.Source == BindingSource.Body;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var propertySchema)) continue;
            if (IsOmittedWhenNull(property))
            {
                schema.Required?.Remove(property.Name);
                NotNull(propertySchema);
            }
            else if (requestBody && RequestFields.IsRequired(property))
            {
                NotNull(propertySchema);
            }
            else if (requestBody)
            {
                schema.Required?.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }

    private static bool IsErrorContext(JsonPropertyInfo? property) =>
        property is { Name: "context" } && property.DeclaringType == typeof(ErrorDetail);

    private static bool IsOmittedWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;

    /// <summary>
    /// The schema without null: <c>type: [null, string]</c> loses null; a type that becomes a component
    /// loses the generator's mark that would wrap its reference in <c>oneOf [null, …]</c> later.
    /// </summary>
    private static void NotNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema own) return;
        own.Metadata?.Remove(NullablePropertyMark);
        if (own.Type is { } t && t.HasFlag(JsonSchemaType.Null)) own.Type = t & ~JsonSchemaType.Null;
    }

    private const string NullablePropertyMark = "x-is-nullable-property";
}
