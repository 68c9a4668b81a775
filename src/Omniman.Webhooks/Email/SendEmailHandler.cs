using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Omniman.Directives;

namespace Omniman.Webhooks.Email;

/// <summary>
/// <c>email.send</c>: sends one notification by SMTP with MailKit. At least once: a rerun after a crash
/// between the server's acceptance and the done mark sends it again, with the same Message-Id (made
/// from the event id), which mail clients and receivers can de-duplicate by.
/// </summary>
public sealed class SendEmailHandler(IOptions<EmailOptions> options) : IDirectiveHandler
{
    public static string Topic => EmailRule.SendTopic;
    public static bool RunsInTransaction => false;
    public static bool Outbound => true;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Host)) return DirectiveOutcome.Fail("Omniman:Email:Host is not set: no SMTP server to send notifications through.");
        var payload = directive.Payload;
        var message = new MimeMessage
        {
            Subject = payload["subject"]!.GetValue<string>(),
            Body = new TextPart("plain") { Text = payload["text"]!.GetValue<string>() },
            MessageId = $"{payload["event_id"]!.GetValue<string>()}.{directive.Id}@omniman",
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in payload["to"]!.AsArray()) message.To.Add(MailboxAddress.Parse(to!.GetValue<string>()));

        using var smtp = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(settings.Host, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), ct);
            if (!string.IsNullOrEmpty(settings.UserName)) await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            return DirectiveOutcome.Done;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return DirectiveOutcome.Fail($"The SMTP server refused the message: {(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return DirectiveOutcome.RetryAfterDelay(TimeSpan.FromMinutes(1), $"SMTP: {ex.Message}");
        }
    }
}
