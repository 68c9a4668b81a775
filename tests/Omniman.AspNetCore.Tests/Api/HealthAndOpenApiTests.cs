using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>GET /api/health, the generated OpenAPI document and the reference page that reads it (docs/api.md, README.md).</summary>
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
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
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
        var sessions = doc["paths"]!["/api/sessions"]!.AsObject();
        Assert.NotNull(sessions["get"]);
        Assert.NotNull(sessions["post"]);
    }

    /// <summary>The API reference page (issue 19): anonymous HTML that loads its script and reads the document, offering the bearer key.</summary>
    [Fact]
    public async Task Scalar_ServesTheReferencePage_ReadingTheDocument()
    {
        using var anonymous = app.Client(null);

        var page = (await anonymous.GetAsync("/scalar")).Expect(HttpStatusCode.OK);

        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("<script src=\"scalar.js\"></script>", page.Raw, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page.Raw, StringComparison.Ordinal);
        Assert.Contains("\"preferredSecurityScheme\":[\"bearer\"]", page.Raw, StringComparison.Ordinal);
        using var script = await anonymous.Http.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var doc = (await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;
        var bearer = doc["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal(("http", "bearer"), (bearer["type"]!.GetValue<string>(), bearer["scheme"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OpenApi_NamesEachOperation_AndSaysWhatKeyItNeeds()
    {
        using var anonymous = app.Client(null);

        var doc = (await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;

        Assert.DoesNotContain(doc["servers"]!.AsArray(), s => s!["url"]!.GetValue<string>().EndsWith('/'));
        var operations = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!))).ToList();
        Assert.Equal(operations.Count, operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Distinct().Count());
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>())));
        var modify = doc["paths"]!["/api/sessions/{key}/modify"]!["post"]!;
        Assert.Equal("sessions:write", modify["security"]![0]!["bearer"]![0]!.GetValue<string>());
        Assert.Contains("`sessions:write`", modify["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(doc["paths"]!["/api/health"]!["get"]!["security"]![0]!.AsObject());
        var conflict = modify["responses"]!["409"]!;
        Assert.Equal("#/components/schemas/ErrorResponse", conflict["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains("`stale_rev`", conflict["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("#/components/examples/stale_rev", conflict["content"]!["application/json"]!["examples"]!["stale_rev"]!["$ref"]!.GetValue<string>());
        Assert.Equal("stale_rev", doc["components"]!["examples"]!["stale_rev"]!["value"]!["error"]!["code"]!.GetValue<string>());
    }
}

public sealed class SqliteHealthAndOpenApiTests(SqliteApp app) : HealthAndOpenApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresHealthAndOpenApiTests(PostgresApp app) : HealthAndOpenApiTests(app), IClassFixture<PostgresApp>;
