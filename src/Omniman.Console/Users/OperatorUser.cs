namespace Omniman.OperatorConsole.Users;

/// <summary>The two roles of docs/console.md: operators work orders, sessions and stock; admins also the set-up.</summary>
public static class OperatorRoles
{
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Operator, Admin];
}

/// <summary>A person who signs in to the console. Only the password's hash (ASP.NET Core Identity's format) is stored.</summary>
public sealed class OperatorUser
{
    public const int MaxNameLength = 64;
    public const int MaxPasswordLength = 256;
    public const int MinPasswordLength = 8;

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The name in lower case: names are unique whatever their case, so "Ana" cannot be created beside "ana".</summary>
    public string NameKey { get; private set; } = "";
    public string Role { get; private set; } = OperatorRoles.Operator;
    public string PasswordHash { get; internal set; } = "";
    public bool IsDisabled { get; private set; }
    public int FailedSignIns { get; private set; }
    public DateTime? LockedUntil { get; private set; }
    /// <summary>The language the user chose (<c>en</c>, <c>pt-BR</c>); null follows the browser.</summary>
    public string? Language { get; private set; }
    /// <summary>An IANA time zone (<c>America/Sao_Paulo</c>); null uses <c>Omniman:Console:TimeZone</c>.</summary>
    public string? TimeZone { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? LastSignInAt { get; private set; }

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    internal static OperatorUser Create(string name, string role, DateTime nowUtc) => new()
    {
        Name = name.Trim(),
        NameKey = KeyOf(name),
        Role = role,
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
    };

    public bool IsLockedAt(DateTime nowUtc) => LockedUntil > nowUtc;

    internal void Disable(DateTime nowUtc)
    {
        IsDisabled = true;
        UpdatedAt = nowUtc;
    }

    internal void Enable(DateTime nowUtc)
    {
        IsDisabled = false;
        UpdatedAt = nowUtc;
    }

    /// <summary>After a new password is set: wrong passwords counted against the old one no longer count.</summary>
    internal void PasswordReset(DateTime nowUtc)
    {
        FailedSignIns = 0;
        LockedUntil = null;
        UpdatedAt = nowUtc;
    }

    internal void SignedIn(DateTime nowUtc)
    {
        FailedSignIns = 0;
        LockedUntil = null;
        LastSignInAt = nowUtc;
    }

    /// <summary>Counts a wrong password; the one that reaches <paramref name="maxAttempts"/> locks the user for <paramref name="lockout"/>.</summary>
    internal void FailedSignIn(int maxAttempts, TimeSpan lockout, DateTime nowUtc)
    {
        FailedSignIns++;
        if (FailedSignIns < maxAttempts) return;
        FailedSignIns = 0;
        LockedUntil = nowUtc + lockout;
    }

    internal void SetPreferences(string? language, string? timeZone, DateTime nowUtc)
    {
        Language = language;
        TimeZone = timeZone;
        UpdatedAt = nowUtc;
    }
}
