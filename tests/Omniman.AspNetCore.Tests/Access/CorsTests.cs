using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>Requests as a browser on another origin sends them: a preflight and a GET with <c>Origin</c>.</summary>
internal static class CorsRequests
{
    public const string OtherOrigin = "https://evil.example";

    public static HttpRequestMessage Preflight(string url, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "authorization,content-type,if-match");
        return request;
    }

    public static HttpRequestMessage Get(string url, string origin, string? secret = OmnimanApp.AdminSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        if (secret is not null) request.Headers.Authorization = new("Bearer", secret);
        return request;
    }

    public static string? AllowOrigin(ApiResponse response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;
}

/// <summary>CORS is off unless origins are configured (issue 5).</summary>
public abstract class CorsOffTests(OmnimanApp app)
{
    [Theory]
    [InlineData(CorsSettings.AllowedOrigin)]
    [InlineData(CorsRequests.OtherOrigin)]
    [InlineData("null")]
    public async Task Get_HasNoAllowOrigin_ByDefault(string origin)
    {
        using var client = app.Client(null);

        var response = await client.SendAsync(CorsRequests.Get("/api/channels", origin));

        response.Expect(HttpStatusCode.OK);
        Assert.Null(CorsRequests.AllowOrigin(response));
    }

    [Theory]
    [InlineData(CorsSettings.AllowedOrigin)]
    [InlineData(CorsRequests.OtherOrigin)]
    public async Task Preflight_HasNoAllowOrigin_ByDefault(string origin)
    {
        using var client = app.Client(null);

        var response = await client.SendAsync(CorsRequests.Preflight("/api/sessions", origin));

        Assert.Null(CorsRequests.AllowOrigin(response));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.True((int)response.Status < 500, $"{(int)response.Status} {response.Raw}");
    }
}

public sealed class SqliteCorsOffTests(SqliteApp app) : CorsOffTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCorsOffTests(PostgresApp app) : CorsOffTests(app), IClassFixture<PostgresApp>;

/// <summary><c>Omniman:Cors:AllowedOrigins:0=https://shop.example</c>: that origin and no other.</summary>
public abstract class CorsOnTests(OmnimanApp app)
{
    [Fact]
    public async Task Preflight_FromAllowedOrigin_IsAnsweredWithoutAKey()
    {
        using var client = app.Client(null);

        var response = await client.SendAsync(CorsRequests.Preflight("/api/sessions", CorsSettings.AllowedOrigin));

        Assert.True(response.Status is HttpStatusCode.NoContent or HttpStatusCode.OK, $"{(int)response.Status} {response.Raw}");
        Assert.Equal(CorsSettings.AllowedOrigin, CorsRequests.AllowOrigin(response));
        var allowedHeaders = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowedHeaders, StringComparison.Ordinal);
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FromAllowedOrigin_CarriesAllowOriginAndExposesETag()
    {
        using var client = app.Client(null);

        var response = await client.SendAsync(CorsRequests.Get("/api/channels", CorsSettings.AllowedOrigin));

        response.Expect(HttpStatusCode.OK);
        Assert.Equal(CorsSettings.AllowedOrigin, CorsRequests.AllowOrigin(response));
        var exposed = response.Headers.TryGetValues("Access-Control-Expose-Headers", out var values) ? string.Join(",", values) : "";
        Assert.Contains("ETag", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Retry-After", exposed, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A browser reads an error envelope only if the error response carries the header too.</summary>
    [Theory]
    [InlineData("/api/channels", null, HttpStatusCode.Unauthorized)]
    [InlineData("/api/orders/ORD-20250101-NONE00", OmnimanApp.AdminSecret, HttpStatusCode.NotFound)]
    [InlineData("/api/orders?created_after=yesterday", OmnimanApp.AdminSecret, HttpStatusCode.BadRequest)]
    public async Task ErrorResponse_FromAllowedOrigin_CarriesAllowOrigin(string url, string? secret, HttpStatusCode status)
    {
        using var client = app.Client(null);

        var response = await client.SendAsync(CorsRequests.Get(url, CorsSettings.AllowedOrigin, secret));

        response.Expect(status);
        Assert.NotNull(response.ErrorCode);
        Assert.Equal(CorsSettings.AllowedOrigin, CorsRequests.AllowOrigin(response));
    }

    [Fact]
    public async Task TooLargeBody_FromAllowedOrigin_CarriesAllowOrigin()
    {
        using var client = app.Client(null);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = new StringContent($$"""{"channel_code": "{{new string('x', 1024 * 1024 + 1)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Origin", CorsSettings.AllowedOrigin);
        request.Headers.Authorization = new("Bearer", OmnimanApp.AdminSecret);

        var response = await client.SendAsync(request);

        response.Expect(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("payload_too_large", response.ErrorCode);
        Assert.Equal(CorsSettings.AllowedOrigin, CorsRequests.AllowOrigin(response));
    }

    [Theory]
    [InlineData(CorsRequests.OtherOrigin)]
    [InlineData("https://shop.example.evil.example")]
    [InlineData("http://shop.example")]
    [InlineData("https://SHOP.example.")]
    [InlineData("null")]
    public async Task OtherOrigins_GetNoAllowOrigin(string origin)
    {
        using var client = app.Client(null);

        var get = await client.SendAsync(CorsRequests.Get("/api/channels", origin));
        var preflight = await client.SendAsync(CorsRequests.Preflight("/api/sessions", origin));

        get.Expect(HttpStatusCode.OK);
        Assert.Null(CorsRequests.AllowOrigin(get));
        Assert.Null(CorsRequests.AllowOrigin(preflight));
    }
}

public sealed class SqliteCorsOnTests(SqliteCorsApp app) : CorsOnTests(app), IClassFixture<SqliteCorsApp>;

public sealed class PostgresCorsOnTests(PostgresCorsApp app) : CorsOnTests(app), IClassFixture<PostgresCorsApp>;
