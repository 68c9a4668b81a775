using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Omniman.OperatorConsole.Text;
using Omniman.OperatorConsole.Users;

namespace Omniman.OperatorConsole;

/// <summary>Who is at the console in this request, and the language, time zone and formats they read in.</summary>
public sealed class ConsoleRequest(IHttpContextAccessor accessor, IOptions<ConsoleOptions> options)
{
    private Texts? _texts;
    private Formats? _formats;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("The console is used outside a request.");

    public OperatorUser? User => Http.SignedInUser();

    public bool IsAdmin => User?.Role == OperatorRoles.Admin;

    /// <summary>The actor of the order events an operator causes: kept apart from API key names, which are actors too.</summary>
    public string Actor => "console:" + (User?.Name ?? throw new InvalidOperationException("No operator is signed in."));

    /// <summary>The user's choice, else the one made on the sign-in page in this browser, else the browser's (docs/console.md).</summary>
    public string Language => User?.Language ?? ConsoleLanguages.Chosen(Http.Request.Cookies[ConsoleLanguages.Cookie])
        ?? ConsoleLanguages.FromBrowser(Http.Request.Headers.AcceptLanguage);

    public Texts T => _texts ??= new Texts(Language);

    public Formats F => _formats ??= new Formats(Language, TimeZone());

    public string ServerTimeZone => options.Value.TimeZone;

    private TimeZoneInfo TimeZone()
    {
        foreach (var id in new[] { User?.TimeZone, options.Value.TimeZone })
        {
            if (!string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        }
        return TimeZoneInfo.Utc;
    }
}
