using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Omniman.Common;
using Omniman.OperatorConsole.Text;

namespace Omniman.OperatorConsole.Pages;

/// <summary>
/// Why a form was refused and the field it concerns: the message goes beside that field
/// (<c>{field}-error</c>), which is marked <c>aria-invalid</c> and described by it.
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    /// <summary>
    /// The refusal of a kernel operation (or of the console's own check) by the field its context
    /// names, one of <paramref name="fields"/>, else the first of them. A missing field is said in
    /// the operator's language; other reasons are the operation's own words.
    /// </summary>
    public static FieldError Of(OmnimanException ex, Texts T, params string[] fields)
    {
        var field = Refusals.Field(ex) is { } named && fields.Contains(named) ? named : fields[0];
        return new(field, ex.Code == "missing_field" ? T["This field is required."] : ex.Message);
    }
}

/// <summary>What a form's controls say about a <see cref="FieldError"/>, so every page marks its fields alike.</summary>
public static class FieldErrors
{
    public static string Invalid(this FieldError? error, string field) => error?.Field == field ? "true" : "false";

    public static string? DescribedBy(this FieldError? error, string field) => error?.Field == field ? field + "-error" : null;

    /// <summary>The message beside <paramref name="field"/> when it is the one refused; nothing otherwise.</summary>
    public static IHtmlContent Message(this FieldError? error, string field) => error?.Field == field
        ? new HtmlString($"<span class=\"error\" id=\"{field}-error\">{HtmlEncoder.Default.Encode(error.Message)}</span>")
        : HtmlString.Empty;
}
