using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Omniman.OperatorConsole.Text;

namespace Omniman.OperatorConsole.Pages;

/// <summary>Times on the set-up pages: a <c>time</c> element in the operator's time zone, or a word for "none".</summary>
public static class TimeElements
{
    /// <summary><paramref name="utc"/> as <c>&lt;time datetime="…Z"&gt;</c> in the operator's zone; <paramref name="none"/> when there is no time.</summary>
    public static IHtmlContent TimeOr(this Formats F, DateTime? utc, string none) => utc is { } at
        ? new HtmlString($"<time datetime=\"{Formats.Iso(at)}\">{HtmlEncoder.Default.Encode(F.Time(at))}</time>")
        : new HtmlString(HtmlEncoder.Default.Encode(none));
}
