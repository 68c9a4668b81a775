namespace Omniman.OperatorConsole;

/// <summary>The <c>Omniman:Console</c> settings (docs/console.md).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Omniman:Console";

    /// <summary>With <see cref="BootstrapPassword"/>: an admin created at start when no user has this name, for first use.</summary>
    public string? BootstrapUser { get; set; }
    public string? BootstrapPassword { get; set; }

    /// <summary>Wrong passwords in a row that lock a user out, and for how long.</summary>
    public int LockoutAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The time zone times are shown in for users who chose none (IANA id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How often the live feed looks for new order events, in every process that serves a board.</summary>
    public int LivePollMilliseconds { get; set; } = 500;

    /// <summary>How long a sign-in lasts without use.</summary>
    public int SessionHours { get; set; } = 12;
}
