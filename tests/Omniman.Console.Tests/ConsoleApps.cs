using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

/// <summary>The console's settings for tests: a bootstrap admin, a short lockout, a quick live feed.</summary>
internal static class ConsoleSettings
{
    public const string Admin = "boss";
    public const string AdminPassword = "boss-password-1";
    public const int LockoutAttempts = 3;

    public static IEnumerable<KeyValuePair<string, string>> All =>
    [
        new("Omniman:Console:BootstrapUser", Admin),
        new("Omniman:Console:BootstrapPassword", AdminPassword),
        new("Omniman:Console:LockoutAttempts", LockoutAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Omniman:Console:LivePollMilliseconds", "100"),
    ];
}

public sealed class ConsoleSqliteApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ConsoleSettings.All;
}

public sealed class ConsolePostgresApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ConsoleSettings.All;
}

/// <summary>The console over real Kestrel sockets, for a browser.</summary>
public sealed class ConsoleKestrelApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ConsoleSettings.All;

    public Uri Address { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        using var client = CreateClient();
        Address = client.BaseAddress!;
    }
}
