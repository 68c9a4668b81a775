using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>
/// Input is read strictly (issue #21): an unknown field is refused, naming it and the field it
/// probably meant, and every error names its field or scope in the contract's words.
/// </summary>
public abstract class StrictInputTests(OmnimanApp app)
{
    private static JsonObject AssertError(ApiResponse response, HttpStatusCode status, string code) =>
        ErrorEnvelopeTests.AssertEnvelope(response, status, code);

    /// <summary>A camelCase expectedRev was silently dropped, and a stale modify applied: the lost update it guards against.</summary>
    [Fact]
    public async Task Modify_RefusesCamelCaseExpectedRev_AndAppliesNothing()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync();
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 1))).Expect(HttpStatusCode.OK);

        var error = AssertError(await admin.PostAsync($"/api/sessions/{key}/modify", new JsonObject
        {
            ["channel_code"] = channel, ["expectedRev"] = 0, ["ops"] = new JsonArray(Scenario.AddLine("B", 1)),
        }), HttpStatusCode.BadRequest, "unknown_field");

        Assert.Equal("expectedRev", error["context"]!["field"]!.GetValue<string>());
        Assert.Equal("expected_rev", error["context"]!["suggestion"]!.GetValue<string>());
        Assert.Contains("did you mean 'expected_rev'?", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(1, session["rev"]!.GetValue<int>());
        Assert.Single(session["items"]!.AsArray());
    }

    [Theory]
    [InlineData("/api/sessions", """{"channel_code": "pos", "handleRef": "7"}""", "handleRef", "handle_ref")]
    [InlineData("/api/sessions", """{"channel_code": "pos", "colour": "red"}""", "colour", null)]
    [InlineData("/api/channels", """{"code": "strict", "name": "S", "pricingPolicy": "internal"}""", "pricingPolicy", "pricing_policy")]
    [InlineData("/api/channels", """{"code": "strict", "name": "S", "dispaly_order": 2}""", "dispaly_order", "display_order")]
    [InlineData("/api/keys", """{"name": "k", "scopes": ["admin"], "Channels": ["pos"]}""", "Channels", "channels")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/transition", """{"status": "confirmed", "reson": "x"}""", "reson", "reason")]
    [InlineData("/api/promotions", """{"code": "P1", "percentOff": 10}""", "percentOff", "percent_off")]
    public async Task EveryBody_RefusesUnknownFields(string url, string raw, string field, string? suggestion)
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync(url, raw), HttpStatusCode.BadRequest, "unknown_field");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Equal(suggestion, error["context"]!["suggestion"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("STRICT-1", """{"on_hand": 5, "onHand": 6}""", "onHand", "on_hand")]
    [InlineData("STRICT-2", """{"on_hand": 5, "alternatives": ["B"], "extra": 1}""", "extra", null)]
    [InlineData("STRICT-3", """{"On_Hand": 5}""", "On_Hand", "on_hand")]
    public async Task StockBody_RefusesUnknownFields(string sku, string raw, string field, string? suggestion)
    {
        using var admin = app.Admin();

        var response = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/stock/{sku}")
        {
            Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json"),
        });

        var error = AssertError(response, HttpStatusCode.BadRequest, "unknown_field");
        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Equal(suggestion, error["context"]!["suggestion"]?.GetValue<string>());
        Assert.Equal(0m, (await admin.GetAsync($"/api/stock/{sku}")).Expect(HttpStatusCode.OK).Json["on_hand"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "unitPriceQ": 100}""", "unitPriceQ", "unit_price_q")]
    [InlineData("""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": 100, "price": 100}""", "price", null)]
    [InlineData("""{"op": "set_qty", "line_id": "L-1", "quantity": 2}""", "quantity", null)]
    [InlineData("""{"op": "remove_line", "lineId": "L-1"}""", "lineId", "line_id")]
    [InlineData("""{"op": "set_data", "path": "a", "value": 1, "vaule": 2}""", "vaule", "value")]
    public async Task Ops_RefuseUnknownFields_WithTheOpIndex(string op, string field, string? suggestion)
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync();
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();

        var error = AssertError(await admin.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code": "{{channel}}", "ops": [{"op": "set_data", "path": "x", "value": 1}, {{op}}]}"""),
            HttpStatusCode.BadRequest, "unknown_field");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Equal(1, error["context"]!["op_index"]!.GetValue<int>());
        Assert.Equal(suggestion, error["context"]!["suggestion"]?.GetValue<string>());
        Assert.Equal(0, (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["rev"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"order_flow": {"transition": {"new": ["done"]}, "terminal_statuses": ["done"]}}""", "config.order_flow.transition", "config.order_flow.transitions")]
    [InlineData("""{"checks": {"stock": {"hold_ttl": 5}}}""", "config.checks.stock.hold_ttl", null)]
    public async Task ChannelConfig_RefusesUnknownKeysInItsStructuredParts(string config, string field, string? suggestion)
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync("/api/channels", $$"""{"code": "cfg-strict", "name": "C", "config": {{config}}}"""),
            HttpStatusCode.BadRequest, "unknown_field");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Equal(suggestion, error["context"]!["suggestion"]?.GetValue<string>());
    }

    [Fact]
    public async Task ChannelConfig_KeepsItsTopLevelOpen_ForModulesAndPresentation()
    {
        using var admin = app.Admin();

        await admin.CreateChannelAsync("open", new JsonObject { ["icon"] = "store", ["kitchen_display"] = new JsonObject { ["lane"] = 2 } });
    }

    [Theory]
    [InlineData("/api/sessions", """{"channel_code": "pos", "channel_code": "shop"}""", "channel_code")]
    [InlineData("/api/orders/ORD-20250101-AAAAAA/events", """{"type": "x.y", "payload": {"a": 1, "a": 2}}""", "payload")]
    public async Task FieldGivenTwice_SaysSo(string url, string raw, string field)
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync(url, raw), HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Contains("more than once", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"channel_code\": \"pos\"}]")]
    [InlineData("\"pos\"")]
    [InlineData("42")]
    public async Task BodyThatIsNoObject_SaysItMustBeAnObject(string raw)
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync("/api/sessions", raw), HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal("The request body must be a JSON object.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BrokenJson_SaysWhere()
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync("/api/sessions", "{\"channel_code\": \"pos\",, }"), HttpStatusCode.BadRequest, "validation_error");

        Assert.StartsWith("The request body is not valid JSON (line 1, byte ", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"channel_code": "pos", "ops": [], "expected_rev": 123456789012345678901234567890123}""", "expected_rev", "a whole number from")]
    [InlineData("""{"channel_code": "pos", "ops": [], "expected_rev": "3"}""", "expected_rev", "a whole number from")]
    [InlineData("""{"channel_code": "pos", "ops": {}}""", "ops", "an array")]
    [InlineData("""{"channel_code": ["pos"], "ops": []}""", "channel_code", "a string")]
    public async Task WrongType_SaysWhatTheFieldHolds(string raw, string field, string expected)
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync("/api/sessions/SESS-NOPE/modify", raw), HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Contains($"'{field}' must be {expected}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTypeInAList_NamesTheItem()
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.PostRawAsync("/api/keys", """{"name": "k", "scopes": ["admin", 7]}"""),
            HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal("scopes[1]", error["context"]!["field"]!.GetValue<string>());
        Assert.Equal("'scopes[1]' must be a string.", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("qty", "123456789012345678901234567890123", "invalid_qty", "out of range")]
    [InlineData("qty", "1e40", "invalid_qty", "out of range")]
    [InlineData("unit_price_q", "123456789012345678901234567890123", "validation_error", "out of range")]
    [InlineData("unit_price_q", "12.5", "validation_error", "integer amount")]
    public async Task HugeNumbers_AreOutOfRange_NotMalformed(string field, string value, string code, string says)
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync();
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        var op = field == "qty"
            ? $$"""{"op": "add_line", "sku": "A", "qty": {{value}}, "unit_price_q": 100}"""
            : $$"""{"op": "add_line", "sku": "A", "qty": 1, "unit_price_q": {{value}}}""";

        var error = AssertError(await admin.PostRawAsync($"/api/sessions/{key}/modify", $$"""{"channel_code": "{{channel}}", "ops": [{{op}}]}"""),
            HttpStatusCode.BadRequest, code);

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Contains(says, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/orders/stream?since=abc", "since", "a whole number")]
    [InlineData("/api/sessions/SESS-X?wait_checks=perhaps", "wait_checks", "true or false")]
    [InlineData("/api/sessions/SESS-X?wait_checks=true&wait_seconds=soon", "wait_seconds", "a number")]
    public async Task UnbindableQueryOrRouteValue_NamesTheField_WithoutDotNetTypes(string url, string field, string expected)
    {
        using var admin = app.Admin();

        var error = AssertError(await admin.GetAsync(url), HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal(field, error["context"]!["field"]!.GetValue<string>());
        Assert.Equal($"'{field}' must be {expected}.", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("Nullable", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/keys", "admin")]
    [InlineData("/api/orders", "orders:read")]
    public async Task MissingScope_NamesTheScopeNeeded(string url, string scope)
    {
        var secret = await app.CreateKeyAsync("narrow", ["sessions:read"]);
        using var narrow = app.Client(secret);

        var error = AssertError(await narrow.GetAsync(url), HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(scope, error["context"]!["scope"]!.GetValue<string>());
        Assert.Contains($"'{scope}'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The session's state and the order's status are different things; the answer carries both.</summary>
    [Fact]
    public async Task Commit_AnswersTheOrdersStatus_BesideTheSessions()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("auto", new JsonObject
        {
            ["order_flow"] = new JsonObject { ["auto_transitions"] = new JsonObject { ["on_create"] = "confirmed" } },
        });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 1))).Expect(HttpStatusCode.OK);

        var first = (await admin.CommitAsync(channel, key, "strict-commit")).Expect(HttpStatusCode.Created).Json;
        var replay = (await admin.CommitAsync(channel, key, "strict-commit")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("committed", first["status"]!.GetValue<string>());
        Assert.Equal("confirmed", first["order_status"]!.GetValue<string>());
        Assert.Equal("confirmed", replay["order_status"]!.GetValue<string>());
        var order = (await admin.GetAsync($"/api/orders/{first["order_ref"]}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
    }
}

public sealed class SqliteStrictInputTests(SqliteApp app) : StrictInputTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStrictInputTests(PostgresApp app) : StrictInputTests(app), IClassFixture<PostgresApp>;
