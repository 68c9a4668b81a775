using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Omniman.Common;

namespace Omniman.AspNetCore.Errors;

/// <summary>
/// A query, route or header value the framework could not bind (<c>?since=abc</c>), said in the
/// contract's words: the framework's message names the .NET type (<c>Nullable&lt;long&gt; since</c>),
/// which means nothing to a client. Its wording is matched here, and a test pins it.
/// </summary>
internal static partial class BindingError
{
    public static OmnimanException From(BadHttpRequestException bad)
    {
        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            var field = failed.Groups["name"].Value;
            return OmnimanException.Invalid(field, $"'{field}' must be {Expected(failed.Groups["type"].Value)}.");
        }
        if (NotProvided().Match(bad.Message) is { Success: true } missing)
            return OmnimanException.MissingField(missing.Groups["name"].Value);
        return new OmnimanException("validation_error", "The request could not be read.");
    }

    private static string Expected(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>') switch
    {
        "bool" or "Boolean" => "true or false",
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "double" or "Double" or "decimal" or "Decimal" => "a number",
        "DateTime" or "DateTimeOffset" => "an ISO 8601 timestamp",
        _ => "a valid value",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex NotProvided();
}
