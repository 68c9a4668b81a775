using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// Which fields of a request body a client must send. Request records take every field as nullable,
/// so a missing one is answered by the operation's own <c>missing_field</c> rather than by the
/// serializer; <see cref="RequiredAttribute"/> marks the fields the contract requires, and only
/// those are required in the document (the generator would take every constructor parameter).
/// </summary>
internal static class RequestFields
{
    public static bool IsRequired(JsonPropertyInfo property) => property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;

    public static bool HasRequired(JsonTypeInfo body) => body.Properties.Any(IsRequired);
}
