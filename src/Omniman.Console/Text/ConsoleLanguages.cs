using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Omniman.OperatorConsole.Text;

/// <summary>The console's languages, and the one a browser asks for.</summary>
public static class ConsoleLanguages
{
    public const string English = "en";
    public const string Portuguese = "pt-BR";

    public static readonly IReadOnlyList<string> All = [English, Portuguese];

    /// <summary>The language chosen on the sign-in page, kept in this browser for users who chose none in their preferences.</summary>
    public const string Cookie = "omniman_console_language";

    /// <summary>The language a cookie names, if the console speaks it.</summary>
    public static string? Chosen(string? cookie) => All.FirstOrDefault(l => l == cookie);

    /// <summary>The first language of <c>Accept-Language</c> (by quality) the console speaks; any Portuguese is Brazilian here.</summary>
    public static string FromBrowser(StringValues acceptLanguage)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var wanted)) return English;
        foreach (var language in wanted.OrderByDescending(w => w.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.StartsWith("pt", StringComparison.OrdinalIgnoreCase)) return Portuguese;
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return English;
        }
        return English;
    }
}
