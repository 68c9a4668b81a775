using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>API keys on every /api route (docs/api.md): Bearer or Token, 401 and 403 in the envelope.</summary>
public abstract class AuthTests(OmnimanApp app)
{
    /// <summary>Every /api route but health, with a body that would pass the binder.</summary>
    public static TheoryData<string, string> ProtectedRoutes() => new()
    {
        { "GET", "/api/channels" },
        { "GET", "/api/channels/pos" },
        { "POST", "/api/channels" },
        { "PUT", "/api/channels/pos" },
        { "GET", "/api/sessions" },
        { "POST", "/api/sessions" },
        { "GET", "/api/sessions/SESS-ANY" },
        { "POST", "/api/sessions/SESS-ANY/modify" },
        { "POST", "/api/sessions/SESS-ANY/abandon" },
        { "POST", "/api/sessions/SESS-ANY/resolve" },
        { "POST", "/api/sessions/SESS-ANY/commit" },
        { "GET", "/api/orders" },
        { "GET", "/api/orders/stream" },
        { "GET", "/api/orders/ORD-20250101-AAAAAA" },
        { "POST", "/api/orders/ORD-20250101-AAAAAA/transition" },
        { "POST", "/api/orders/ORD-20250101-AAAAAA/events" },
        { "GET", "/api/directives" },
        { "GET", "/api/directives/1" },
    };

    private static HttpRequestMessage Request(string method, string url, AuthenticationHeaderValue? auth)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET") request.Content = new StringContent("""{"channel_code": "pos", "status": "confirmed", "type": "custom.x", "name": "x"}""",
            System.Text.Encoding.UTF8, "application/json");
        request.Headers.Authorization = auth;
        return request;
    }

    private static void AssertUnauthorized(ApiResponse response)
    {
        response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", response.ErrorCode);
        var error = response.Json["error"]!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace(error["message"]?.GetValue<string>()));
        Assert.IsType<JsonObject>(error["context"]);
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Route_Returns401Unauthorized_WithoutKey(string method, string url)
    {
        using var anonymous = app.Client(null);

        AssertUnauthorized(await anonymous.SendAsync(Request(method, url, null)));
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Route_Returns401Unauthorized_WithWrongKey(string method, string url)
    {
        using var anonymous = app.Client(null);

        AssertUnauthorized(await anonymous.SendAsync(Request(method, url, new("Bearer", "definitely-not-a-key"))));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Token")]
    [InlineData("bearer")]
    [InlineData("token")]
    public async Task Key_Authenticates_WithEitherScheme(string scheme)
    {
        using var anonymous = app.Client(null);

        var response = await anonymous.SendAsync(Request("GET", "/api/channels", new(scheme, OmnimanApp.AdminSecret)));

        response.Expect(HttpStatusCode.OK);
        Assert.NotNull(response.Json["results"]);
    }

    [Theory]
    [InlineData("Basic", OmnimanApp.AdminSecret)]
    [InlineData("Bearer", "")]
    [InlineData("ApiKey", OmnimanApp.AdminSecret)]
    public async Task Key_IsRefused_WithOtherSchemesOrEmptySecret(string scheme, string secret)
    {
        using var anonymous = app.Client(null);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {secret}");

        AssertUnauthorized(await anonymous.SendAsync(request));
    }

    [Fact]
    public async Task Key_IsRefused_WhenSecretDiffersOnlyInCase()
    {
        using var client = app.Client(OmnimanApp.AdminSecret.ToUpperInvariant());

        AssertUnauthorized(await client.GetAsync("/api/channels"));
    }

    [Fact]
    public async Task Key_IsRefusedAtOnce_WhenRevoked()
    {
        var secret = await app.CreateKeyAsync("temp", ["orders:read"]);
        using var client = app.Client(secret);
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);

        using var admin = app.Admin();
        var id = (await admin.GetAsync("/api/keys?page_size=100")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray()
            .Single(k => k!["name"]!.GetValue<string>() == "temp")!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{id}")).Status);

        AssertUnauthorized(await client.GetAsync("/api/orders"));
    }

    [Theory]
    [InlineData("orders:read", "GET", "/api/orders", HttpStatusCode.OK)]
    [InlineData("orders:read", "GET", "/api/sessions", HttpStatusCode.Forbidden)]
    [InlineData("orders:read", "POST", "/api/sessions", HttpStatusCode.Forbidden)]
    [InlineData("sessions:read", "GET", "/api/sessions", HttpStatusCode.OK)]
    [InlineData("sessions:read", "GET", "/api/orders", HttpStatusCode.Forbidden)]
    [InlineData("sessions:read", "POST", "/api/sessions", HttpStatusCode.Forbidden)]
    [InlineData("sessions:write", "POST", "/api/sessions", HttpStatusCode.Created)]
    [InlineData("orders:write", "GET", "/api/orders", HttpStatusCode.Forbidden)]
    [InlineData("orders:write", "GET", "/api/directives", HttpStatusCode.Forbidden)]
    [InlineData("admin", "GET", "/api/directives", HttpStatusCode.OK)]
    [InlineData("admin", "GET", "/api/sessions", HttpStatusCode.OK)]
    public async Task Scope_DecidesAccess(string scope, string method, string url, HttpStatusCode expected)
    {
        using var client = app.Client(await app.CreateKeyAsync($"k-{scope}", [scope]));

        var request = Request(method, url, client.Http.DefaultRequestHeaders.Authorization);
        // Past authorization the body is read strictly: only the fields opening a session takes.
        if (method != "GET") request.Content = new StringContent("""{"channel_code": "pos"}""", System.Text.Encoding.UTF8, "application/json");

        var response = await client.SendAsync(request);

        response.Expect(expected);
        if (expected == HttpStatusCode.Forbidden) Assert.Equal("forbidden", response.ErrorCode);
    }

    [Fact]
    public async Task Health_IsOpen_WithoutKey()
    {
        using var anonymous = app.Client(null);

        var response = await anonymous.GetAsync("/api/health");

        response.Expect(HttpStatusCode.OK);
        Assert.Equal("healthy", response.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_IsOpen_WithWrongKey()
    {
        using var client = app.Client("wrong");

        (await client.GetAsync("/api/health")).Expect(HttpStatusCode.OK);
    }
}

public sealed class SqliteAuthTests(SqliteApp app) : AuthTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuthTests(PostgresApp app) : AuthTests(app), IClassFixture<PostgresApp>;
