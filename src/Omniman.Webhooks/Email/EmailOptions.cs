namespace Omniman.Webhooks.Email;

/// <summary>The SMTP server notifications are sent through: <c>Omniman:Email</c> (docs/webhooks.md, Email).</summary>
public sealed class EmailOptions
{
    public const string Section = "Omniman:Email";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary><c>Auto</c> (STARTTLS when offered), <c>StartTls</c>, <c>SslOnConnect</c> or <c>None</c>.</summary>
    public string Security { get; set; } = "Auto";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "omniman@localhost";
    public double TimeoutSeconds { get; set; } = 30;
}
