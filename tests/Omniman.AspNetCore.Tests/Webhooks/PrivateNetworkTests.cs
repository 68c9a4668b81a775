using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Webhooks;

/// <summary>Without AllowPrivateNetworks, webhooks reach no private or loopback address (issue 18).</summary>
public abstract class PrivateNetworkTests(OmnimanApp app)
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    public async Task Subscription_ToAPrivateAddress_IsRefused(string url)
    {
        using var admin = app.Admin();
        var response = (await admin.PostAsync("/api/webhooks/subscriptions", new JsonObject { ["url"] = url, ["events"] = new JsonArray("order.created") }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal("url", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delivery_ToANameOfALoopbackAddress_FailsForGood()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = app.Admin();
        var port = new Uri(receiver.BaseUrl).Port;
        var subscription = (await admin.PostAsync("/api/webhooks/subscriptions",
            new JsonObject { ["url"] = $"http://localhost:{port}/sneaky", ["events"] = new JsonArray("order.created") })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<string>();
        await admin.CommittedOrderAsync();
        await app.DispatchAllAsync();

        var delivery = Assert.Single((await admin.GetAsync($"/api/webhooks/subscriptions/{subscription}/deliveries")).Json["results"]!.AsArray())!;
        Assert.Equal("failed", delivery["status"]!.GetValue<string>());
        Assert.Contains("private or loopback", delivery["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
        (await admin.DeleteAsync($"/api/webhooks/subscriptions/{subscription}")).Expect(HttpStatusCode.NoContent);
    }
}

public sealed class SqlitePrivateNetworkTests(SqliteApp app) : PrivateNetworkTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPrivateNetworkTests(PostgresApp app) : PrivateNetworkTests(app), IClassFixture<PostgresApp>;
