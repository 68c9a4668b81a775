using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Channels;

/// <summary>Saving a channel validates its config: a problem is a 400 naming the key (docs/concepts.md).</summary>
public abstract class ChannelConfigValidationTests(OmnimanApp app)
{
    private static string NewCode() => $"cfg-{Guid.NewGuid():N}"[..17];

    private async Task<(ApiResponse Response, string Code)> CreateAsync(string configJson)
    {
        using var admin = app.Admin();
        var code = NewCode();
        var body = $$"""{"code": "{{code}}", "name": "Config test", "config": {{configJson}}}""";
        return (await admin.PostAsync("/api/channels", body), code);
    }

    private async Task AssertRejectedAsync(string configJson, string expectedKey)
    {
        var (response, code) = await CreateAsync(configJson);
        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal(expectedKey, response.Json["error"]!["context"]!["key"]?.GetValue<string>());
        Assert.DoesNotContain(".cs:line", response.Raw, StringComparison.Ordinal);   // no stack trace
        Assert.DoesNotContain("Exception", response.Raw, StringComparison.Ordinal);
        using var admin = app.Admin();
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_Accepts_TheSpecExampleConfig()
    {
        var (response, code) = await CreateAsync("""
            {
              "required_checks_on_commit": ["stock"],
              "checks": {"stock": {"directive_topic": "stock.hold", "hold_ttl_minutes": 15}},
              "post_commit_directives": ["stock.commit", "payment.capture"],
              "order_flow": {
                "initial_status": "new",
                "transitions": {"new": ["confirmed", "cancelled"], "confirmed": ["processing", "cancelled"]},
                "terminal_statuses": ["completed", "cancelled"],
                "auto_transitions": {"on_create": "confirmed", "on_stock_commit": "confirmed", "on_payment_confirm": "confirmed"}
              },
              "status_mapping": {"CFM": "confirmed", "CAN": "cancelled"},
              "terminology": {"session": "Tab", "order": "Pedido"},
              "icon": "point_of_sale"
            }
            """);

        response.Expect(HttpStatusCode.Created);
        Assert.Equal(code, response.Json["code"]!.GetValue<string>());
        Assert.Equal("Pedido", response.Json["config"]!["terminology"]!["order"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Accepts_ExtraTerminalStatusFromFaq()
    {
        var (response, _) = await CreateAsync("""{"order_flow": {"terminal_statuses": ["completed", "cancelled", "refunded"]}}""");

        response.Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_Accepts_DecimalHoldTtlAndDefaultTopic()
    {
        var (response, _) = await CreateAsync("""{"required_checks_on_commit": ["stock"], "checks": {"stock": {"hold_ttl_minutes": 0.05}}}""");

        response.Expect(HttpStatusCode.Created);
        Assert.Equal(0.05m, response.Json["config"]!["checks"]!["stock"]!["hold_ttl_minutes"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Create_Accepts_RequiredCheckDeclaredUnderChecks()
    {
        var (response, _) = await CreateAsync("""{"required_checks_on_commit": ["fraud"], "checks": {"fraud": {"directive_topic": "fraud.score"}}}""");

        response.Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_Returns400_WhenTerminalStatusHasOutgoingTransitions() =>
        await AssertRejectedAsync("""
            {"order_flow": {"transitions": {"new": ["done"], "done": ["new"]}, "terminal_statuses": ["done"]}}
            """, "order_flow.terminal_statuses");

    [Fact]
    public async Task Create_Returns400_WhenDefaultTerminalStatusGetsOutgoingTransitions() =>
        await AssertRejectedAsync("""
            {"order_flow": {"transitions": {"new": ["cancelled"], "cancelled": ["new"]}}}
            """, "order_flow.terminal_statuses");

    [Fact]
    public async Task Create_Returns400_WhenInitialStatusIsUnknown() =>
        await AssertRejectedAsync("""{"order_flow": {"initial_status": "nowhere"}}""", "order_flow.initial_status");

    [Fact]
    public async Task Create_Returns400_WhenInitialStatusIsNotAString() =>
        await AssertRejectedAsync("""{"order_flow": {"initial_status": 5}}""", "order_flow.initial_status");

    [Fact]
    public async Task Create_Returns400_WhenRequiredCheckIsUnknown() =>
        await AssertRejectedAsync("""{"required_checks_on_commit": ["stock", "fraud"]}""", "required_checks_on_commit");

    [Theory]
    [InlineData("""{"checks": 3}""", "checks")]
    [InlineData("""{"checks": ["stock"]}""", "checks")]
    [InlineData("""{"checks": {"stock": "yes"}}""", "checks.stock")]
    [InlineData("""{"checks": {"stock": {"directive_topic": 7}}}""", "checks.stock.directive_topic")]
    [InlineData("""{"checks": {"stock": {"hold_ttl_minutes": "15"}}}""", "checks.stock.hold_ttl_minutes")]
    [InlineData("""{"checks": {"stock": {"hold_ttl_minutes": 0}}}""", "checks.stock.hold_ttl_minutes")]
    [InlineData("""{"checks": {"stock": {"hold_ttl_minutes": -1}}}""", "checks.stock.hold_ttl_minutes")]
    [InlineData("""{"required_checks_on_commit": "stock"}""", "required_checks_on_commit")]
    [InlineData("""{"required_checks_on_commit": [1]}""", "required_checks_on_commit")]
    [InlineData("""{"required_checks_on_commit": [""]}""", "required_checks_on_commit")]
    [InlineData("""{"post_commit_directives": {"stock.commit": true}}""", "post_commit_directives")]
    [InlineData("""{"post_commit_directives": [null]}""", "post_commit_directives")]
    [InlineData("""{"order_flow": []}""", "order_flow")]
    [InlineData("""{"order_flow": {"transitions": ["new"]}}""", "order_flow.transitions")]
    [InlineData("""{"order_flow": {"transitions": {"new": "confirmed"}}}""", "order_flow.transitions.new")]
    [InlineData("""{"order_flow": {"terminal_statuses": "completed"}}""", "order_flow.terminal_statuses")]
    [InlineData("""{"order_flow": {"auto_transitions": {"on_create": 1}}}""", "order_flow.auto_transitions.on_create")]
    [InlineData("""{"order_flow": {"auto_transitions": {"on_tuesday": "confirmed"}}}""", "order_flow.auto_transitions.on_tuesday")]
    [InlineData("""{"order_flow": {"auto_transitions": {"on_create": "teleported"}}}""", "order_flow.auto_transitions.on_create")]
    [InlineData("""{"status_mapping": ["CFM"]}""", "status_mapping")]
    [InlineData("""{"status_mapping": {"CFM": 1}}""", "status_mapping.CFM")]
    [InlineData("""{"status_mapping": {"XYZ": "teleported"}}""", "status_mapping.XYZ")]
    [InlineData("""{"currency": 986}""", "currency")]
    public async Task Create_Returns400NamingKey_WhenConfigIsMalformed(string config, string key) =>
        await AssertRejectedAsync(config, key);

    [Theory]
    [InlineData("""{"order_flow": {"transitions": {"new": ["a_status_name_longer_than_32_chars"]}}}""", "order_flow")]
    [InlineData("""{"order_flow": {"initial_status": "a_status_name_longer_than_32_chars", "transitions": {"a_status_name_longer_than_32_chars": ["cancelled"]}}}""", "order_flow")]
    [InlineData("""{"checks": {"stock": {"directive_topic": "stock.hold.a-topic-name-that-runs-past-the-sixty-four-characters-allowed"}}}""", "checks.stock.directive_topic")]
    [InlineData("""{"checks": {"a-check-code-so-long-that-its-default-topic-passes-sixty-four": {}}}""", "checks.a-check-code-so-long-that-its-default-topic-passes-sixty-four.directive_topic")]
    [InlineData("""{"post_commit_directives": ["stock.commit.a-topic-name-that-runs-past-the-sixty-four-characters"]}""", "post_commit_directives")]
    [InlineData("""{"currency": "EURO"}""", "currency")]
    public async Task Create_Returns400NamingKey_WhenConfigValueCannotBeStoredOnOrdersOrDirectives(string config, string key) =>
        await AssertRejectedAsync(config, key);

    [Fact]
    public async Task Create_Returns400_WhenOnCreateTargetIsNotReachableFromInitialStatus() =>
        // Every commit of such a channel would fail on the auto transition; the config must not save.
        await AssertRejectedAsync("""
            {"order_flow": {"initial_status": "new", "transitions": {"new": ["confirmed"], "confirmed": ["ready"], "ready": []},
                            "terminal_statuses": ["ready"], "auto_transitions": {"on_create": "ready"}}}
            """, "order_flow.auto_transitions.on_create");

    [Fact]
    public async Task Create_Returns400NamingConfig_WhenConfigIsNotAnObject()
    {
        var (response, code) = await CreateAsync("\"not an object\"");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("config", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        using var admin = app.Admin();
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replace_Returns400NamingKey_WhenConfigIsInvalid()
    {
        using var admin = app.Admin();
        var code = await admin.CreateChannelAsync("cfg");

        var response = await admin.PutAsync($"/api/channels/{code}",
            """{"name": "x", "config": {"order_flow": {"initial_status": "limbo"}}}""");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("order_flow.initial_status", response.Json["error"]!["context"]!["key"]!.GetValue<string>());
    }
}

public sealed class SqliteChannelConfigValidationTests(SqliteApp app) : ChannelConfigValidationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresChannelConfigValidationTests(PostgresApp app) : ChannelConfigValidationTests(app), IClassFixture<PostgresApp>;
