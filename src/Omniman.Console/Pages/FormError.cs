using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;
using Omniman.Common;
using Omniman.OperatorConsole.Text;

namespace Omniman.OperatorConsole.Pages;

/// <summary>
/// Why a set-up form was refused, by the field it concerns. The field is the one a kernel error names
/// in its context, as the API's envelope carries it (<c>context.field</c>, a JSON path such as
/// <c>channel_prices.pos</c>; a channel config error adds the key at fault, docs/api.md, Input rules),
/// matched to the deepest field of the form it falls under; <see cref="Path"/> keeps the rest of it.
/// </summary>
public sealed record FormError(string Field, string Message, string? Path = null)
{
    /// <summary>
    /// The error of <paramref name="ex"/> by the form's <paramref name="fields"/> (their kernel names);
    /// one that names none of them concerns <paramref name="otherwise"/>. With <paramref name="T"/>, a missing
    /// field is said in the operator's language; other reasons are the operation's own words.
    /// </summary>
    public static FormError Of(OmnimanException ex, IEnumerable<string> fields, string otherwise, Texts? T = null)
    {
        var path = PathOf(ex);
        var field = path is null ? null
            : fields.Where(f => path == f || path.StartsWith(f + ".", StringComparison.Ordinal) || path.StartsWith(f + "[", StringComparison.Ordinal))
                .MaxBy(f => f.Length);
        var message = ex.Code == "missing_field" && T is not null ? T["This field is required."] : ex.Message;
        return new FormError(field ?? otherwise, message, path is not null && path != field ? path : null);
    }

    /// <summary>The JSON path an error names: <c>context.field</c>, and a config's <c>context.key</c> below it.</summary>
    public static string? PathOf(OmnimanException ex)
    {
        if (ex.Context is null || JsonSerializer.SerializeToNode(ex.Context) is not JsonObject context) return null;
        var field = Text(context["field"]);
        return Text(context["key"]) is { } key && field is not null ? $"{field}.{key}" : field;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>How a form's controls show a <see cref="FormError"/>: marked invalid, described by the reason written beside them.</summary>
public static class FormErrorMarks
{
    public static bool Concerns(this FormError? error, string field) => error?.Field == field;

    /// <summary>The <c>aria-invalid</c> of a control.</summary>
    public static string Invalid(this FormError? error, string field) => error.Concerns(field) ? "true" : "false";

    /// <summary>The <c>aria-describedby</c> of a control: its error's id when the error concerns it.</summary>
    public static string? DescribedBy(this FormError? error, string field) => error.Concerns(field) ? Id(field) : null;

    /// <summary>The reason beside its control, with the path inside the field when the error names one (<c>order_flow.initial_status</c>).</summary>
    public static IHtmlContent Beside(this FormError? error, string field)
    {
        if (error is null || !error.Concerns(field)) return HtmlString.Empty;
        var encoder = HtmlEncoder.Default;
        var path = error.Path is null ? "" : $"<code class=\"path\">{encoder.Encode(error.Path)}</code> ";
        return new HtmlString($"<span class=\"error\" id=\"{encoder.Encode(Id(field))}\">{path}{encoder.Encode(error.Message)}</span>");
    }

    private static string Id(string field) => field + "-error";
}
