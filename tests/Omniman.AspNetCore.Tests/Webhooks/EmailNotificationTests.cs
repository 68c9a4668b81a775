using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using netDumbster.smtp;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Webhooks;

/// <summary>A channel's notification rules mail its events through SMTP, to an in-process server (issue 18).</summary>
public abstract class EmailNotificationTests(OmnimanApp app, SimpleSmtpServer smtp)
{
    [Fact]
    public async Task OrderCreated_IsMailedToTheRulesRecipients_WithTheTemplateFilled()
    {
        using var admin = app.Admin();
        var config = new JsonObject
        {
            ["notifications"] = new JsonObject
            {
                ["email"] = new JsonArray(new JsonObject
                {
                    ["events"] = new JsonArray("order.created"),
                    ["to"] = new JsonArray("kitchen@cafe.example", "owner@cafe.example"),
                    ["subject"] = "New order {order_ref}",
                    ["text"] = "Order {order_ref} for {total_q} {currency} ({event}).",
                }),
            },
        };
        var before = smtp.ReceivedEmailCount;
        var (_, _, orderRef) = await admin.CommittedOrderAsync(config);
        await app.DispatchAllAsync();

        var mail = smtp.ReceivedEmail.Skip(before).Single(m => m.Headers["Subject"] == $"New order {orderRef}");
        Assert.Equal(2, mail.ToAddresses.Length);
        Assert.Contains($"Order {orderRef} for 3000 BRL (order.created).", mail.MessageParts[0].BodyData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotificationRules_AreCheckedWhenTheChannelIsSaved()
    {
        using var admin = app.Admin();
        var config = new JsonObject
        {
            ["notifications"] = new JsonObject { ["email"] = new JsonArray(new JsonObject { ["events"] = new JsonArray("order.created"), ["to"] = new JsonArray("not an address") }) },
        };
        var response = (await admin.PostAsync("/api/channels", new JsonObject { ["code"] = $"ml-{Guid.NewGuid():N}"[..12], ["name"] = "Mail", ["config"] = config }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal("config.notifications.email[0].to", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }
}

internal static class SmtpTestServer
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static IEnumerable<KeyValuePair<string, string>> Settings(int port) =>
    [
        new("Omniman:Email:Host", "127.0.0.1"),
        new("Omniman:Email:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Omniman:Email:Security", "None"),
        new("Omniman:Email:From", "orders@cafe.example"),
    ];
}

public sealed class EmailSqliteApp : SqliteApp
{
    private readonly int _port = SmtpTestServer.FreePort();
    public SimpleSmtpServer Smtp { get; private set; } = null!;
    public override Task InitializeAsync()
    {
        Smtp = SimpleSmtpServer.Start(_port);
        return Task.CompletedTask;
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings => SmtpTestServer.Settings(_port);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

public sealed class EmailPostgresApp : PostgresApp
{
    private readonly int _port = SmtpTestServer.FreePort();
    public SimpleSmtpServer Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Smtp = SimpleSmtpServer.Start(_port);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings => SmtpTestServer.Settings(_port);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

public sealed class SqliteEmailNotificationTests(EmailSqliteApp app) : EmailNotificationTests(app, app.Smtp), IClassFixture<EmailSqliteApp>;

public sealed class PostgresEmailNotificationTests(EmailPostgresApp app) : EmailNotificationTests(app, app.Smtp), IClassFixture<EmailPostgresApp>;
