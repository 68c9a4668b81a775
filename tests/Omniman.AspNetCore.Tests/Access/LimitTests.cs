using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Configured limits (issue 5): body size, ops per modify, lines per session, quantity and price
/// ranges, quantity decimals, data depth, path length, page size. The fixture sets small limits.
/// </summary>
public abstract class LimitTests(OmnimanApp app) : IDisposable
{
    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<(string Channel, string Key)> SessionAsync()
    {
        var channel = await _admin.CreateChannelAsync("lim");
        return (channel, (await _admin.OpenSessionAsync(channel)).Get<string>("session_key"));
    }

    private async Task<JsonNode> ReadAsync(string channel, string key) =>
        (await _admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

    private static void AssertRefused(ApiResponse response, string code, string? field = null)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest && response.ErrorCode == code,
            $"Expected 400 {code}, got {(int)response.Status}: {response.Raw}");
        if (field is not null) Assert.Equal(field, response.Json["error"]!["context"]?["field"]?.GetValue<string>());
    }

    /// <summary>A modify refused with the given code leaves the session as it was.</summary>
    private async Task AssertModifyRefusedAsync(string channel, string key, string code, string? field, params JsonObject[] ops)
    {
        var before = await ReadAsync(channel, key);
        AssertRefused(await _admin.ModifyAsync(channel, key, ops), code, field);
        var after = await ReadAsync(channel, key);
        Assert.Equal(before.Get<int>("rev"), after.Get<int>("rev"));
        Assert.True(JsonNode.DeepEquals(before["items"], after["items"]), after["items"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(before["data"], after["data"]), after["data"]!.ToJsonString());
    }

    private static JsonObject Nested(int depth)
    {
        var value = new JsonObject { ["leaf"] = 1 };
        for (var i = 1; i < depth; i++) value = new JsonObject { ["n"] = value };
        return value;
    }

    [Fact]
    public async Task Body_Returns413PayloadTooLarge_WhenOverMaxBodyBytes()
    {
        var (channel, key) = await SessionAsync();
        var big = new string('x', SmallLimitSettings.MaxBodyBytes);

        var response = await _admin.ModifyAsync(channel, key, Ops.SetData("note", big));

        Api.ErrorEnvelopeTests.AssertEnvelope(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, (await ReadAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Body_IsAccepted_AtExactlyMaxBodyBytes()
    {
        var (channel, key) = await SessionAsync();
        var envelope = $$"""{"channel_code":"{{channel}}","ops":[{"op":"set_data","path":"note","value":""}]}""";
        var note = new string('x', SmallLimitSettings.MaxBodyBytes - Encoding.UTF8.GetByteCount(envelope));

        var response = await _admin.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code":"{{channel}}","ops":[{"op":"set_data","path":"note","value":"{{note}}"}]}""");

        response.Expect(HttpStatusCode.OK);
        Assert.Equal(note, response.Json["data"]!.Get<string>("note"));
    }

    [Fact]
    public async Task OtherRoutes_Return413_WhenOverMaxBodyBytes()
    {
        var big = new string('x', SmallLimitSettings.MaxBodyBytes);

        var open = await _admin.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = "lim-none", ["handle_ref"] = big });
        var channel = await _admin.PostAsync("/api/channels", new JsonObject { ["code"] = "lim-big", ["name"] = big });

        Api.ErrorEnvelopeTests.AssertEnvelope(open, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Api.ErrorEnvelopeTests.AssertEnvelope(channel, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Modify_Returns400NamingOps_WhenOverMaxOpsPerModify()
    {
        var (channel, key) = await SessionAsync();
        var ops = Enumerable.Range(0, SmallLimitSettings.MaxOpsPerModify + 1).Select(i => Ops.SetData($"k{i}", i)).ToArray();

        await AssertModifyRefusedAsync(channel, key, "validation_error", "ops", ops);
    }

    [Fact]
    public async Task Modify_Accepts_ExactlyMaxOpsPerModify()
    {
        var (channel, key) = await SessionAsync();
        var ops = Enumerable.Range(0, SmallLimitSettings.MaxOpsPerModify).Select(i => Ops.SetData($"k{i}", i)).ToArray();

        (await _admin.ModifyAsync(channel, key, ops)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Modify_Returns400NamingItems_WhenTheSessionWouldHoldTooManyLines()
    {
        var (channel, key) = await SessionAsync();
        (await _admin.ModifyAsync(channel, key, [.. Enumerable.Range(0, 3).Select(i => Ops.AddLine($"S{i}", 1, 10))])).Expect(HttpStatusCode.OK);
        (await _admin.ModifyAsync(channel, key, [.. Enumerable.Range(3, SmallLimitSettings.MaxLinesPerSession - 3).Select(i => Ops.AddLine($"S{i}", 1, 10))]))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(SmallLimitSettings.MaxLinesPerSession, (await ReadAsync(channel, key)).Array("items").Count);

        await AssertModifyRefusedAsync(channel, key, "validation_error", "items", Ops.AddLine("ONE-MORE", 1, 10));
    }

    [Fact]
    public async Task Modify_AcceptsAnAddThatARemoveMakesRoomFor_AtMaxLines()
    {
        var (channel, key) = await SessionAsync();
        (await _admin.ModifyAsync(channel, key, [.. Enumerable.Range(0, 3).Select(i => Ops.AddLine($"S{i}", 1, 10))])).Expect(HttpStatusCode.OK);
        var full = (await _admin.ModifyAsync(channel, key, [.. Enumerable.Range(3, SmallLimitSettings.MaxLinesPerSession - 3).Select(i => Ops.AddLine($"S{i}", 1, 10))]))
            .Expect(HttpStatusCode.OK).Json;

        var swapped = await _admin.ModifyAsync(channel, key, Ops.RemoveLine(full.Array("items")[0].Get<string>("line_id")), Ops.AddLine("NEW", 1, 10));

        swapped.Expect(HttpStatusCode.OK);
        Assert.Equal(SmallLimitSettings.MaxLinesPerSession, swapped.Json.Array("items").Count);
    }

    [Theory]
    [InlineData("1000.0000000001")]
    [InlineData("1001")]
    [InlineData("1e4")]
    [InlineData("0.00000000001")]
    [InlineData("1.00000000001")]
    [InlineData("1e400")]
    [InlineData("99999999999999999999")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0")]
    public async Task AddLine_Returns400InvalidQty_WhenQtyIsOutOfRangeOrTooPrecise(string qty)
    {
        var (channel, key) = await SessionAsync();

        var response = await _admin.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code": "{{channel}}", "ops": [{"op": "add_line", "sku": "Q", "qty": {{qty}}, "unit_price_q": 1}]}""");

        AssertRefused(response, "invalid_qty", "qty");
    }

    [Theory]
    [InlineData("1000", 1000)]
    [InlineData("0.0000000001", 0.0000000001)]
    [InlineData("999.9999999999", 999.9999999999)]
    [InlineData("1e3", 1000)]
    public async Task AddLine_KeepsQtyExactly_AtTheLimits(string qty, decimal expected)
    {
        var (channel, key) = await SessionAsync();

        var response = await _admin.PostRawAsync($"/api/sessions/{key}/modify",
            $$"""{"channel_code": "{{channel}}", "ops": [{"op": "add_line", "sku": "Q", "qty": {{qty}}, "unit_price_q": 3}]}""");

        response.Expect(HttpStatusCode.OK);
        Assert.Equal(expected, (await ReadAsync(channel, key)).Array("items")[0].Get<decimal>("qty"));
    }

    [Fact]
    public async Task SetQty_Returns400InvalidQty_WhenOverMaxQty()
    {
        var (channel, key) = await SessionAsync();
        var line = (await _admin.ModifyAsync(channel, key, Ops.AddLine("Q", 1, 1))).Expect(HttpStatusCode.OK).Json.Array("items")[0].Get<string>("line_id");

        await AssertModifyRefusedAsync(channel, key, "invalid_qty", "qty", Ops.SetQty(line, SmallLimitSettings.MaxQty + 0.5m));
    }

    /// <summary>MaxQty bounds a line; merging two lines must not build one above it.</summary>
    [Fact]
    public async Task MergeLines_Returns400InvalidQty_WhenTheMergedLineWouldBeOverMaxQty()
    {
        var (channel, key) = await SessionAsync();
        var items = (await _admin.ModifyAsync(channel, key, Ops.AddLine("M", 600, 1), Ops.AddLine("M", 600, 1)))
            .Expect(HttpStatusCode.OK).Json.Array("items");

        await AssertModifyRefusedAsync(channel, key, "invalid_qty", "qty",
            Ops.MergeLines(items[0].Get<string>("line_id"), items[1].Get<string>("line_id")));
    }

    [Fact]
    public async Task UnitPrice_Returns400NamingIt_WhenOverMaxUnitPriceQ()
    {
        var (channel, key) = await SessionAsync();
        var line = (await _admin.ModifyAsync(channel, key, Ops.AddLine("P", 1, SmallLimitSettings.MaxUnitPriceQ)))
            .Expect(HttpStatusCode.OK).Json.Array("items")[0].Get<string>("line_id");

        await AssertModifyRefusedAsync(channel, key, "validation_error", "unit_price_q", Ops.AddLine("P2", 1, SmallLimitSettings.MaxUnitPriceQ + 1));
        await AssertModifyRefusedAsync(channel, key, "validation_error", "unit_price_q", Ops.ReplaceSku(line, "P3", SmallLimitSettings.MaxUnitPriceQ + 1));
    }

    [Fact]
    public async Task SetData_Returns400NamingValue_WhenNestedDeeperThanMaxDataDepth()
    {
        var (channel, key) = await SessionAsync();
        var deepArray = new JsonArray(new JsonArray(new JsonArray(new JsonArray())));

        await AssertModifyRefusedAsync(channel, key, "validation_error", "value", Ops.SetData("deep", Nested(SmallLimitSettings.MaxDataDepth + 1)));
        await AssertModifyRefusedAsync(channel, key, "validation_error", "value", Ops.SetData("deep", deepArray));
        (await _admin.ModifyAsync(channel, key, Ops.SetData("deep", Nested(SmallLimitSettings.MaxDataDepth)))).Expect(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(Nested(SmallLimitSettings.MaxDataDepth), (await ReadAsync(channel, key))["data"]!["deep"]));
    }

    [Fact]
    public async Task Meta_Returns400NamingIt_WhenNestedDeeperThanMaxDataDepth()
    {
        var (channel, key) = await SessionAsync();

        await AssertModifyRefusedAsync(channel, key, "validation_error", "meta", Ops.AddLine("D", 1, 1, meta: Nested(SmallLimitSettings.MaxDataDepth + 1)));
    }

    [Fact]
    public async Task SetData_Returns400InvalidPath_WhenPathIsOver128Characters()
    {
        var (channel, key) = await SessionAsync();
        var exactly128 = string.Join('.', new string('a', 40), new string('b', 40), new string('c', 46));
        Assert.Equal(128, exactly128.Length);

        await AssertModifyRefusedAsync(channel, key, "invalid_path", null, Ops.SetData(exactly128 + "d", 1));
        (await _admin.ModifyAsync(channel, key, Ops.SetData(exactly128, 1))).Expect(HttpStatusCode.OK);
        await AssertModifyRefusedAsync(channel, key, "invalid_path", null, Ops.SetData(new string('p', 2000), 1));
    }

    [Fact]
    public async Task PageSize_IsCappedAt100()
    {
        var channel = await _admin.CreateChannelAsync("page");
        for (var i = 0; i < 102; i++) await _admin.OpenSessionAsync(channel);

        foreach (var size in new[] { "101", "1000", "2147483647" })
        {
            var page = (await _admin.GetAsync($"/api/sessions?channel_code={channel}&page_size={size}")).Expect(HttpStatusCode.OK).Json;
            Assert.Equal(100, page.Array("results").Count);
            Assert.NotNull(page["next"]?.GetValue<string>());
        }
        var rest = (await _admin.GetAsync($"/api/sessions?channel_code={channel}&page_size=100")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(2, (await _admin.GetAsync(rest.Get<string>("next"))).Expect(HttpStatusCode.OK).Json.Array("results").Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("1e3")]
    public async Task PageSize_IsNeverAServerError_WhenOdd(string size)
    {
        var response = await _admin.GetAsync($"/api/orders?page_size={size}");

        Assert.True(response.Status == HttpStatusCode.OK || (response.Status == HttpStatusCode.BadRequest && response.ErrorCode is not null),
            $"{(int)response.Status} {response.Raw}");
        if (response.Status == HttpStatusCode.OK) Assert.InRange(response.Json.Array("results").Count, 0, 100);
        else Assert.Equal("page_size", response.Json["error"]!["context"]?["field"]?.GetValue<string>());
    }
}

public sealed class SqliteLimitTests(SqliteSmallLimitsApp app) : LimitTests(app), IClassFixture<SqliteSmallLimitsApp>;

public sealed class PostgresLimitTests(PostgresSmallLimitsApp app) : LimitTests(app), IClassFixture<PostgresSmallLimitsApp>;

/// <summary>The default limits of <c>Omniman:Limits</c>, reached with the app's own settings.</summary>
public abstract class DefaultLimitTests(OmnimanApp app) : IDisposable
{
    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<(string Channel, string Key)> SessionAsync()
    {
        var channel = await _admin.CreateChannelAsync("dlim");
        return (channel, (await _admin.OpenSessionAsync(channel)).Get<string>("session_key"));
    }

    private static void AssertRefused(ApiResponse response, string code, string field)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest && response.ErrorCode == code,
            $"Expected 400 {code}, got {(int)response.Status}: {response.Raw}");
        Assert.Equal(field, response.Json["error"]!["context"]?["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task Modify_Returns400NamingOps_WhenOver100Ops()
    {
        var (channel, key) = await SessionAsync();

        AssertRefused(await _admin.ModifyAsync(channel, key, [.. Enumerable.Range(0, 101).Select(i => Ops.SetData($"k{i}", i))]), "validation_error", "ops");
        (await _admin.ModifyAsync(channel, key, [.. Enumerable.Range(0, 100).Select(i => Ops.SetData($"k{i}", i))])).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Limits_HoldAtTheirDefaults()
    {
        var (channel, key) = await SessionAsync();

        AssertRefused(await _admin.ModifyAsync(channel, key, Ops.AddLine("Q", 1_000_001m, 1)), "invalid_qty", "qty");
        AssertRefused(await _admin.ModifyAsync(channel, key, Ops.AddLine("P", 1, 1_000_000_000_001)), "validation_error", "unit_price_q");
        var deep = new JsonObject { ["leaf"] = 1 };
        for (var i = 1; i < 11; i++) deep = new JsonObject { ["n"] = deep };
        AssertRefused(await _admin.ModifyAsync(channel, key, Ops.SetData("deep", deep)), "validation_error", "value");
        (await _admin.ModifyAsync(channel, key, Ops.AddLine("Q", 1_000_000m, 1_000_000_000_000))).Expect(HttpStatusCode.OK);
    }

    /// <summary>Lines at the largest quantity and price: each line total fits, their sum does not.</summary>
    [Fact]
    public async Task Totals_Overflow_IsA400_NotAServerError()
    {
        var (channel, key) = await SessionAsync();
        var lines = Enumerable.Range(0, 10).Select(i => Ops.AddLine($"BIG{i}", 1_000_000m, 1_000_000_000_000)).ToArray();

        var response = await _admin.ModifyAsync(channel, key, lines);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
        Assert.Equal(0, (await _admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json.Get<int>("rev"));
    }
}

public sealed class SqliteDefaultLimitTests(SqliteApp app) : DefaultLimitTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresDefaultLimitTests(PostgresApp app) : DefaultLimitTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// A body sent chunked, without a length: only a real server counts its bytes (the in-memory test
/// server does not), so these run over Kestrel sockets with the small limits.
/// </summary>
public abstract class ChunkedBodyLimitTests<TApp>(TApp app) : IAsyncLifetime where TApp : OmnimanApp
{
    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        app.UseKestrel(0);
        app.StartServer();
    }

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Body_Returns413_WhenSentChunkedWithoutContentLength()
    {
        using var admin = app.Admin();
        Assert.NotEqual(80, admin.Http.BaseAddress!.Port);
        var channel = await admin.CreateChannelAsync("chunk");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
        var body = $$"""{"channel_code": "{{channel}}", "ops": [{"op": "set_data", "path": "note", "value": "{{new string('x', 3 * SmallLimitSettings.MaxBodyBytes)}}"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{key}/modify")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.SendAsync(request);

        Api.ErrorEnvelopeTests.AssertEnvelope(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0, session.Get<int>("rev"));
    }

    /// <summary>A readable stream that does not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class SqliteChunkedBodyLimitTests() : ChunkedBodyLimitTests<SqliteSmallLimitsApp>(new SqliteSmallLimitsApp());

public sealed class PostgresChunkedBodyLimitTests() : ChunkedBodyLimitTests<PostgresSmallLimitsApp>(new PostgresSmallLimitsApp());
