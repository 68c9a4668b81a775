using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// What each scope opens (docs/api.md, issue 5): sessions:read, sessions:write, orders:read,
/// orders:write (transitions, events, price overrides) and admin (channel, stock, catalog and
/// promotion writes, keys, directives). Each scope opens its own routes and no other; admin opens all.
/// </summary>
public abstract class ScopeTests(OmnimanApp app)
{
    private static readonly string[] NonAdminScopes = ["sessions:read", "sessions:write", "orders:read", "orders:write"];

    /// <summary>Every route that needs one scope, with a body its binder accepts.</summary>
    private static readonly (string Method, string Url, string Scope)[] Routes =
    [
        ("GET", "/api/sessions", "sessions:read"),
        ("GET", "/api/sessions/SESS-NONE", "sessions:read"),
        ("POST", "/api/sessions", "sessions:write"),
        ("POST", "/api/sessions/SESS-NONE/modify", "sessions:write"),
        ("POST", "/api/sessions/SESS-NONE/abandon", "sessions:write"),
        ("POST", "/api/sessions/SESS-NONE/resolve", "sessions:write"),
        ("POST", "/api/sessions/SESS-NONE/commit", "sessions:write"),
        ("GET", "/api/orders", "orders:read"),
        ("GET", "/api/orders/stream", "orders:read"),
        ("GET", "/api/orders/ORD-20250101-NONE00", "orders:read"),
        ("POST", "/api/orders/ORD-20250101-NONE00/transition", "orders:write"),
        ("POST", "/api/orders/ORD-20250101-NONE00/events", "orders:write"),
        ("POST", "/api/channels", "admin"),
        ("PUT", "/api/channels/scope-none", "admin"),
        ("PUT", "/api/stock/SCOPE-NONE", "admin"),
        ("POST", "/api/stock/SCOPE-NONE/adjust", "admin"),
        ("PUT", "/api/products/SCOPE-NONE", "admin"),
        ("POST", "/api/promotions", "admin"),
        ("DELETE", "/api/promotions/SCOPE-NONE", "admin"),
        ("GET", "/api/keys", "admin"),
        ("POST", "/api/keys", "admin"),
        ("DELETE", "/api/keys/987654", "admin"),
        ("GET", "/api/directives", "admin"),
        ("GET", "/api/directives/987654", "admin"),
        ("POST", "/api/directives/987654/run", "admin"),
    ];

    /// <summary>A body that passes binding but names nothing that exists, so no call changes anything.</summary>
    private const string Body = """{"channel_code": "scope-none", "status": "confirmed", "type": "custom.x", "ops": [], "on_hand": -1}""";

    private static HttpRequestMessage Request(string method, string url, string secret)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT") request.Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json");
        request.Headers.Authorization = new("Bearer", secret);
        return request;
    }

    public static TheoryData<string> Scopes() => [.. NonAdminScopes, "admin"];

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task Scope_OpensItsRoutesAndNoOther(string scope)
    {
        using var client = app.Client(null);
        var secret = await app.CreateKeyAsync($"only-{scope}", [scope]);
        var wrong = new List<string>();

        foreach (var (method, url, needs) in Routes)
        {
            var response = await client.SendAsync(Request(method, url, secret));
            var allowed = scope == "admin" || scope == needs;
            if ((int)response.Status >= 500) wrong.Add($"{method} {url}: {(int)response.Status} {response.Raw}");
            else if (allowed && response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                wrong.Add($"{method} {url} needs {needs}, {scope} was refused: {(int)response.Status} {response.Raw}");
            else if (!allowed && !(response.Status == HttpStatusCode.Forbidden && response.ErrorCode == "forbidden"))
                wrong.Add($"{method} {url} needs {needs}, {scope} got {(int)response.Status} {response.Raw}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("/api/channels")]
    [InlineData("/api/products")]
    [InlineData("/api/promotions")]
    [InlineData("/api/stock/ANY-SKU")]
    public async Task CatalogReads_AreOpen_ToAnyValidKey(string url)
    {
        foreach (var scope in NonAdminScopes)
        {
            using var client = app.Client(await app.CreateKeyAsync($"reads-{scope}", [scope]));

            var response = await client.GetAsync(url);

            Assert.True(response.Status == HttpStatusCode.OK, $"{scope} on {url}: {(int)response.Status} {response.Raw}");
        }
    }

    [Fact]
    public async Task Forbidden_IsDistinctFromUnauthorized_InTheEnvelope()
    {
        using var reader = app.Client(await app.CreateKeyAsync("env-reader", ["orders:read"]));
        using var anonymous = app.Client(null);

        var forbidden = await reader.PostAsync("/api/channels", new JsonObject { ["code"] = "env-x", ["name"] = "X" });
        var unauthorized = await anonymous.PostAsync("/api/channels", new JsonObject { ["code"] = "env-x", ["name"] = "X" });

        Api.ErrorEnvelopeTests.AssertEnvelope(forbidden, HttpStatusCode.Forbidden, "forbidden");
        Api.ErrorEnvelopeTests.AssertEnvelope(unauthorized, HttpStatusCode.Unauthorized, "unauthorized");
        using var admin = app.Admin();
        (await admin.GetAsync("/api/channels/env-x")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OrderEvents_NameTheKey_AsActor()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        using var rider = app.Client(await app.CreateKeyAsync("rider-app", ["orders:read", "orders:write"]));

        (await rider.PostAsync($"/api/orders/{orderRef}/events", new JsonObject
        {
            ["type"] = "custom.picked_up", ["payload"] = new JsonObject { ["actor"] = "someone-else" },
        })).Expect(HttpStatusCode.Created);
        (await rider.TransitionAsync(orderRef, "confirmed", actor: "joana")).Expect(HttpStatusCode.OK);

        var events = (await rider.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json.Array("events");
        var custom = Assert.Single(events, e => e.Get<string>("type") == "custom.picked_up");
        Assert.Equal("rider-app", custom.Get<string>("actor"));
        var moved = Assert.Single(events, e => e.Get<string>("type") == "status_changed");
        Assert.Equal("rider-app", moved.Get<string>("actor"));
        Assert.Equal("joana", moved["payload"]!.Get<string>("on_behalf_of"));
    }

    [Fact]
    public async Task PriceOverride_IsAllowed_ToANonAdminKeyWithOrdersWrite()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("scp", pricingPolicy: "external");
        var sku = $"SCP-{Guid.NewGuid():N}"[..12];
        (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Tea", ["price_q"] = 900, ["is_active"] = true }))
            .Expect(HttpStatusCode.Created);
        using var supervisor = app.Client(await app.CreateKeyAsync("supervisor", ["sessions:read", "sessions:write", "orders:write"]));
        var key = (await supervisor.OpenSessionAsync(channel)).Get<string>("session_key");

        var line = (await supervisor.ModifyAsync(channel, key, new JsonObject
        {
            ["op"] = "add_line", ["sku"] = sku, ["qty"] = 1, ["unit_price_q"] = 700,
            ["price_override"] = new JsonObject { ["reason"] = "loyal customer" },
        })).Expect(HttpStatusCode.OK).Json.Array("items")[0];

        Assert.Equal(700, line.Get<long>("unit_price_q"));
        Assert.Equal("supervisor", line["meta"]!["price_override"]!.Get<string>("actor"));
    }
}

public sealed class SqliteScopeTests(SqliteApp app) : ScopeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresScopeTests(PostgresApp app) : ScopeTests(app), IClassFixture<PostgresApp>;
