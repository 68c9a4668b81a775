using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>GET /api/health and the generated OpenAPI document (docs/api.md, README.md).</summary>
public abstract class HealthAndOpenApiTests(OmnimanApp app)
{
    [Fact]
    public async Task Health_ReportsHealthyAndVersion()
    {
        using var anonymous = app.Client(null);

        var json = (await anonymous.GetAsync("/api/health")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("healthy", json["status"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+", json["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_IsServed_AndListsTheApi()
    {
        using var anonymous = app.Client(null);

        var doc = (await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;

        Assert.StartsWith("3.", doc["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = doc["paths"]!.AsObject().Select(p => p.Key.TrimEnd('/')).ToHashSet();
        foreach (var expected in new[]
        {
            "/api/sessions", "/api/sessions/{key}", "/api/sessions/{key}/modify", "/api/sessions/{key}/commit",
            "/api/sessions/{key}/abandon", "/api/sessions/{key}/resolve",
            "/api/orders", "/api/orders/{ref}", "/api/orders/{ref}/transition", "/api/orders/{ref}/events", "/api/orders/stream",
            "/api/channels", "/api/channels/{code}", "/api/directives", "/api/directives/{id}", "/api/health",
        })
        {
            Assert.Contains(expected, paths);
        }
        var sessions = doc["paths"]!.AsObject().First(p => p.Key.TrimEnd('/') == "/api/sessions").Value!.AsObject();
        Assert.NotNull(sessions["get"]);
        Assert.NotNull(sessions["post"]);
    }
}

public sealed class SqliteHealthAndOpenApiTests(SqliteApp app) : HealthAndOpenApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresHealthAndOpenApiTests(PostgresApp app) : HealthAndOpenApiTests(app), IClassFixture<PostgresApp>;
