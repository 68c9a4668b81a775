using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.OperatorConsole.Users;
using Omniman.Persistence;

namespace Omniman.OperatorConsole;

/// <summary>
/// The console's own sign-in: a cookie for people, beside the API's keys for programs. The cookie
/// holds the user's id only; every request reads the user again, so a disabled user is out at
/// once and a changed role or language applies at the next click.
/// </summary>
internal static class ConsoleAuth
{
    public const string Scheme = "OmnimanConsole";
    public const string OperatorPolicy = "console:operator";
    public const string AdminPolicy = "console:admin";
    private const string UserItem = "omniman:console:user";

    public static void AddConsoleAuth(this IServiceCollection services, ConsoleOptions options)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "omniman_console";
            cookie.Cookie.Path = ConsolePaths.Root;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = ConsolePaths.SignIn;
            cookie.LogoutPath = ConsolePaths.SignOut;
            cookie.AccessDeniedPath = ConsolePaths.Denied;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(Math.Max(1, options.SessionHours));
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRoles.Operator, OperatorRoles.Admin))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRoles.Admin));
    }

    public static ClaimsPrincipal Principal(OperatorUser user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, user.Role),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The signed-in user of this request, as read from the database when the cookie was checked.</summary>
    public static OperatorUser? SignedInUser(this HttpContext http) => http.Items[UserItem] as OperatorUser;

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var db = context.HttpContext.RequestServices.GetRequiredService<OmnimanDb>();
        var user = long.TryParse(id, CultureInfo.InvariantCulture, out var userId)
            ? await db.Set<OperatorUser>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, context.HttpContext.RequestAborted)
            : null;
        if (user is null || user.IsDisabled)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.HttpContext.Items[UserItem] = user;
        if (context.Principal!.FindFirstValue(ClaimTypes.Role) != user.Role || context.Principal!.Identity?.Name != user.Name)
        {
            context.ReplacePrincipal(Principal(user));
            context.ShouldRenew = true;
        }
    }
}

/// <summary>The console's addresses, in one place for pages, redirects and tests.</summary>
public static class ConsolePaths
{
    public const string Root = "/console";
    public const string SignIn = "/console/sign-in";
    public const string SignOut = "/console/sign-out";
    public const string Denied = "/console/denied";
    public const string Live = "/console/live";
    public const string Assets = "/console/assets";

    public static string Order(string orderRef) => "/console/orders/" + Uri.EscapeDataString(orderRef);

    /// <summary>The directives page with its filters, so "run again" returns to the list the admin was reading.</summary>
    public static string Directives(string? status, string? topic) => Filtered(Root + "/directives", ("status", status), ("topic", topic));

    /// <summary>The stock page with one SKU's movements and adjust form.</summary>
    public static string Stock(string? sku) => Filtered(Root + "/stock", ("sku", sku));

    /// <summary>The sessions page, of one channel or all.</summary>
    public static string Sessions(string? channel) => Filtered(Root + "/sessions", ("channel", channel));

    /// <summary>A channel's page: its settings, config and order flow.</summary>
    public static string Channel(string code) => Root + "/channels/" + Uri.EscapeDataString(code);

    /// <summary>The products page, searched and paged, with one product in its form.</summary>
    public static string Products(string? q, int? page = null, string? sku = null) =>
        Filtered(Root + "/products", ("q", q), ("p", PageNumber(page)), ("sku", sku));

    /// <summary>The promotions page, searched and paged.</summary>
    public static string Promotions(string? q, int? page = null) =>
        Filtered(Root + "/promotions", ("q", q), ("p", PageNumber(page)));

    /// <summary>A list's page number in its address; the first page needs none.</summary>
    private static string? PageNumber(int? page) => page is { } n && n > 1 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
    /// <summary>The API keys (admins), and one key's page: its details, rotate and revoke.</summary>
    public const string Keys = Root + "/keys";
    public static string Key(long id) => Keys + "/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The operator users (admins), and one user's page: disable, enable, a new password.</summary>
    public const string Users = Root + "/users";
    public static string User(string name) => Users + "/" + Uri.EscapeDataString(name);

    private static string Filtered(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value!)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }
}
