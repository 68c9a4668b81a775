using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>One error envelope for every failure; malformed input names the field; no stack traces (docs/api.md).</summary>
public abstract class ErrorEnvelopeTests(OmnimanApp app)
{
    /// <summary>The envelope's shape, and nothing in it that reads like a stack trace or a .NET type.</summary>
    internal static JsonObject AssertEnvelope(ApiResponse response, HttpStatusCode status, string code)
    {
        response.Expect(status);
        Assert.Equal("application/json", response.ContentType);
        var root = Assert.IsType<JsonObject>(response.Body);
        Assert.Equal(["error"], root.Select(p => p.Key));
        var error = Assert.IsType<JsonObject>(root["error"]);
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.IsType<JsonObject>(error["context"]);
        AssertNoInternals(response.Raw);
        return error;
    }

    internal static void AssertNoInternals(string raw)
    {
        foreach (var leak in new[] { "   at ", "Exception", ".cs:line", "System.", "Microsoft.", "Npgsql", "SqliteException", "StackTrace" })
            Assert.DoesNotContain(leak, raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/nothing")]
    [InlineData("/api")]
    public async Task UnknownRoute_Returns404NotFoundEnvelope(string url)
    {
        using var admin = app.Admin();

        AssertEnvelope(await admin.GetAsync(url), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task UnknownRoute_Returns404_EvenWithoutKey()
    {
        using var anonymous = app.Client(null);

        AssertEnvelope(await anonymous.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Returns405InEnvelope()
    {
        using var admin = app.Admin();

        AssertEnvelope(await admin.DeleteAsync("/api/channels"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Theory]
    [InlineData("/api/channels", "{\"code\": \"x\", ")]
    [InlineData("/api/channels", "not json at all")]
    [InlineData("/api/sessions", "{\"channel_code\": \"pos\"")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/transition", "{status: confirmed}")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/events", "[}")]
    public async Task MalformedJson_Returns400ValidationError(string url, string raw)
    {
        using var admin = app.Admin();

        AssertEnvelope(await admin.PostRawAsync(url, raw), HttpStatusCode.BadRequest, "validation_error");
    }

    [Theory]
    [InlineData("/api/channels", """{"code": "typed", "name": "T", "display_order": "x"}""", "display_order")]
    [InlineData("/api/channels", """{"code": "typed", "name": "T", "is_active": "yes"}""", "is_active")]
    [InlineData("/api/channels", """{"code": 12, "name": "T"}""", "code")]
    [InlineData("/api/channels", """{"code": "typed", "name": ["T"]}""", "name")]
    [InlineData("/api/channels", """{"code": "typed", "name": "T", "display_order": 1.5}""", "display_order")]
    [InlineData("/api/sessions", """{"channel_code": 5}""", "channel_code")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/transition", """{"status": ["confirmed"]}""", "status")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/events", """{"type": "custom.x", "payload": "text"}""", "payload")]
    public async Task WrongType_Returns400NamingField(string url, string raw, string field)
    {
        using var admin = app.Admin();

        var error = AssertEnvelope(await admin.PostRawAsync(url, raw), HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Contains(field, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code": "dupkey", "name": "T", "config": {"icon": "a", "icon": "b"}}""")]
    [InlineData("""{"code": "dupkey", "name": "T", "name": "U"}""")]
    public async Task DuplicateJsonProperty_Returns400ValidationError(string raw)
    {
        using var admin = app.Admin();

        AssertEnvelope(await admin.PostRawAsync("/api/channels", raw), HttpStatusCode.BadRequest, "validation_error");
        (await admin.GetAsync("/api/channels/dupkey")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DuplicateJsonProperty_InModifyOps_Returns400ValidationError()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("dup");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        var response = await admin.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code": "{{channel}}", "ops": [{"op": "add_line", "sku": "A", "sku": "B", "qty": 1, "unit_price_q": 1}]}""");

        AssertEnvelope(response, HttpStatusCode.BadRequest, "validation_error");
        Assert.Equal(0, (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["rev"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/orders?external_ref=a%00b")]
    [InlineData("/api/orders?handle_ref=%00")]
    [InlineData("/api/sessions?handle_ref=%00")]
    [InlineData("/api/directives?topic=%00")]
    public async Task NulCharacterInQuery_IsNeverAServerError(string url)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync(url);

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.Status}: {response.Raw}");
        AssertNoInternals(response.Raw);
    }

    [Fact]
    public async Task WrongType_LeavesNothingBehind()
    {
        using var admin = app.Admin();
        var code = $"wt-{Guid.NewGuid():N}"[..16];

        await admin.PostRawAsync("/api/channels", $$"""{"code": "{{code}}", "name": "T", "display_order": "x"}""");

        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownFields_AreRefused_AndNothingIsCreated()
    {
        using var admin = app.Admin();
        var code = $"uf-{Guid.NewGuid():N}"[..16];

        var refused = await admin.PostRawAsync("/api/channels",
            $$$"""{"code": "{{{code}}}", "name": "T", "colour": "blue", "nested": {"a": [1, 2]}}""");

        AssertEnvelope(refused, HttpStatusCode.BadRequest, "unknown_field");
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EmptyBody_IsAnEnvelope_NotACrash()
    {
        using var admin = app.Admin();

        var response = await admin.PostRawAsync("/api/channels", "");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
        AssertNoInternals(response.Raw);
    }

    [Fact]
    public async Task WrongContentType_IsAnEnvelope_NotACrash()
    {
        using var admin = app.Admin();

        var response = await admin.PostRawAsync("/api/channels", "code=x&name=y", "application/x-www-form-urlencoded");

        Assert.InRange((int)response.Status, 400, 499);
        Assert.NotNull(response.ErrorCode);
        AssertNoInternals(response.Raw);
    }

    [Fact]
    public async Task DomainError_KeepsCodeMessageAndContext()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var error = AssertEnvelope(await admin.TransitionAsync(orderRef, "completed"), HttpStatusCode.BadRequest, "invalid_transition");

        Assert.Equal("new", error["context"]!["current_status"]!.GetValue<string>());
        Assert.Equal("completed", error["context"]!["requested_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conflict_IsEnvelope()
    {
        using var admin = app.Admin();
        var (channel, key, _) = await admin.CommittedOrderAsync();

        AssertEnvelope(await admin.ModifyAsync(channel, key, Scenario.AddLine("X", 1, 1)), HttpStatusCode.Conflict, "already_committed");
    }

    /// <summary>A trailing slash names no route: the document lists none, so the API answers none (issue 19).</summary>
    [Theory]
    [InlineData("/api/channels/")]
    [InlineData("/api/orders/")]
    [InlineData("/api/sessions/")]
    [InlineData("/api/directives/")]
    [InlineData("/api/health/")]
    public async Task TrailingSlash_Returns404NotFoundEnvelope(string withSlash)
    {
        using var admin = app.Admin();

        AssertEnvelope(await admin.GetAsync(withSlash), HttpStatusCode.NotFound, "not_found");
        (await admin.GetAsync(withSlash.TrimEnd('/'))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TrailingSlash_OnPostRoutes_Returns404AndChangesNothing()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("ts");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        AssertEnvelope(await admin.PostAsync("/api/sessions/", new JsonObject { ["channel_code"] = channel }), HttpStatusCode.NotFound, "not_found");
        AssertEnvelope(await admin.PostAsync($"/api/sessions/{key}/modify/", new JsonObject
        {
            ["channel_code"] = channel, ["ops"] = new JsonArray(Scenario.AddLine("A", 1, 100)),
        }), HttpStatusCode.NotFound, "not_found");

        var sessions = (await admin.GetAsync($"/api/sessions?channel_code={channel}")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        var session = Assert.Single(sessions)!;
        Assert.Equal(0, session["rev"]!.GetValue<int>());
    }

    [Fact]
    public async Task Responses_UseSnakeCase()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var raw = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Raw;

        Assert.Contains("\"channel_code\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"total_q\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"channelCode\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ChannelCode\"", raw, StringComparison.Ordinal);
    }
}

public sealed class SqliteErrorEnvelopeTests(SqliteApp app) : ErrorEnvelopeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresErrorEnvelopeTests(PostgresApp app) : ErrorEnvelopeTests(app), IClassFixture<PostgresApp>;
