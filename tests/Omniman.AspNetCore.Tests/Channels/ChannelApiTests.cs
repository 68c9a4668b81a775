using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Channels;

/// <summary>GET, POST and PUT of /api/channels (docs/concepts.md).</summary>
public abstract class ChannelApiTests(OmnimanApp app)
{
    private static string NewCode(string prefix = "chan") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static JsonObject Definition(string code, int displayOrder = 0, JsonObject? config = null) => new()
    {
        ["code"] = code,
        ["name"] = $"Channel {code}",
        ["pricing_policy"] = "internal",
        ["edit_policy"] = "open",
        ["display_order"] = displayOrder,
        ["config"] = config ?? new JsonObject(),
    };

    /// <summary>Equal documents; timestamps equal to the microsecond (PostgreSQL keeps no finer digits).</summary>
    private static void AssertSameChannel(JsonNode expected, JsonNode actual)
    {
        var a = expected.DeepClone().AsObject();
        var b = actual.DeepClone().AsObject();
        foreach (var stamp in new[] { "created_at", "updated_at" })
        {
            var ta = a[stamp]!.GetValue<DateTime>();
            var tb = b[stamp]!.GetValue<DateTime>();
            Assert.True(Math.Abs((ta - tb).Ticks) < 10, $"{stamp}: {ta:O} vs {tb:O}");
            a.Remove(stamp);
            b.Remove(stamp);
        }
        Assert.True(JsonNode.DeepEquals(a, b), $"Expected {a.ToJsonString()}\nActual   {b.ToJsonString()}");
    }

    [Fact]
    public async Task Create_Returns201WithChannel_WhenAdmin()
    {
        using var admin = app.Admin();
        var code = NewCode();
        var body = Definition(code, 7, new JsonObject { ["icon"] = "storefront", ["terminology"] = new JsonObject { ["session"] = "Tab" } });
        body["pricing_policy"] = "mixed";
        body["edit_policy"] = "locked";
        body["is_active"] = false;

        var created = (await admin.PostAsync("/api/channels", body)).Expect(HttpStatusCode.Created);

        Assert.Equal($"/api/channels/{code}", created.Headers.Location?.OriginalString);
        var json = created.Json;
        Assert.Equal(code, json["code"]!.GetValue<string>());
        Assert.Equal($"Channel {code}", json["name"]!.GetValue<string>());
        Assert.Equal("mixed", json["pricing_policy"]!.GetValue<string>());
        Assert.Equal("locked", json["edit_policy"]!.GetValue<string>());
        Assert.Equal(7, json["display_order"]!.GetValue<int>());
        Assert.False(json["is_active"]!.GetValue<bool>());
        Assert.Equal("storefront", json["config"]!["icon"]!.GetValue<string>());
        Assert.Equal("Tab", json["config"]!["terminology"]!["session"]!.GetValue<string>());

        var fetched = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        AssertSameChannel(json, fetched);
    }

    [Fact]
    public async Task Create_AppliesDefaults_WhenOptionalFieldsAreLeftOut()
    {
        using var admin = app.Admin();
        var code = NewCode();

        var json = (await admin.PostAsync("/api/channels", new JsonObject { ["code"] = code, ["name"] = "Minimal" }))
            .Expect(HttpStatusCode.Created).Json;

        Assert.Equal("internal", json["pricing_policy"]!.GetValue<string>());
        Assert.Equal("open", json["edit_policy"]!.GetValue<string>());
        Assert.Equal(0, json["display_order"]!.GetValue<int>());
        Assert.True(json["is_active"]!.GetValue<bool>());
        Assert.Empty(json["config"]!.AsObject());
    }

    [Fact]
    public async Task Create_Returns409_WhenCodeExists()
    {
        using var admin = app.Admin();
        var code = NewCode();
        (await admin.PostAsync("/api/channels", Definition(code))).Expect(HttpStatusCode.Created);

        var again = await admin.PostAsync("/api/channels", Definition(code, 99));

        again.Expect(HttpStatusCode.Conflict);
        Assert.Equal("channel_exists", again.ErrorCode);
        var kept = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0, kept["display_order"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("has space")]
    [InlineData("-starts-with-dash")]
    [InlineData("dots.not.allowed")]
    [InlineData("slash/no")]
    [InlineData("")]
    public async Task Create_Returns400NamingCode_WhenCodeIsNotASlug(string code)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/channels", Definition(code));

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("code", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Returns400_WhenCodeIsLongerThan64()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/channels", Definition(new string('a', 65)));

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
    }

    [Fact]
    public async Task Create_Accepts64CharacterCode()
    {
        using var admin = app.Admin();
        var code = ("c" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))[..64];

        (await admin.PostAsync("/api/channels", Definition(code))).Expect(HttpStatusCode.Created);
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Create_Returns400MissingField_WhenNameIsMissing()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/channels", new JsonObject { ["code"] = NewCode() });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("missing_field", response.ErrorCode);
        Assert.Equal("name", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Returns400NamingName_WhenNameIsLongerThan200()
    {
        using var admin = app.Admin();
        var code = NewCode();
        var body = Definition(code);
        body["name"] = new string('n', 201);

        var response = await admin.PostAsync("/api/channels", body);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("name", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_Accepts200CharacterName()
    {
        using var admin = app.Admin();
        var body = Definition(NewCode());
        body["name"] = new string('n', 200);

        var created = (await admin.PostAsync("/api/channels", body)).Expect(HttpStatusCode.Created).Json;

        Assert.Equal(200, created["name"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Create_IsNeverAServerError_WhenNameHoldsNulCharacter()
    {
        using var admin = app.Admin();
        var code = NewCode();

        var response = await admin.PostRawAsync("/api/channels", $$"""{"code": "{{code}}", "name": "a\u0000b"}""");

        // PostgreSQL text cannot hold NUL; SQLite can. Either answer is fine, a 500 is not.
        if (response.Status == HttpStatusCode.Created)
        {
            Assert.Equal("a\0b", (await admin.GetAsync($"/api/channels/{code}")).Json["name"]!.GetValue<string>());
        }
        else
        {
            response.Expect(HttpStatusCode.BadRequest);
            Assert.Equal("validation_error", response.ErrorCode);
            (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("pricing_policy", "bogus")]
    [InlineData("pricing_policy", "INTERNAL")]
    [InlineData("edit_policy", "closed")]
    public async Task Create_Returns400NamingField_WhenPolicyIsUnknown(string field, string value)
    {
        using var admin = app.Admin();
        var code = NewCode();
        var body = Definition(code);
        body[field] = value;

        var response = await admin.PostAsync("/api/channels", body);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal(field, response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_Returns403_WhenKeyLacksAdminScope()
    {
        var secret = await app.CreateKeyAsync("writer", ["sessions:write", "sessions:read", "orders:read", "orders:write"]);
        using var client = app.Client(secret);
        var code = NewCode();

        var response = await client.PostAsync("/api/channels", Definition(code));

        response.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", response.ErrorCode);
        using var admin = app.Admin();
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_Returns404NotFound_WhenCodeIsUnknown()
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync("/api/channels/no-such-channel");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Fact]
    public async Task Get_Works_WithAnyValidKey()
    {
        using var admin = app.Admin();
        var code = await admin.CreateChannelAsync();
        var secret = await app.CreateKeyAsync("reader", ["orders:read"]);
        using var reader = app.Client(secret);

        var json = (await reader.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(code, json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_IsOrderedByDisplayOrder_ThenCode()
    {
        using var admin = app.Admin();
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Created out of order on purpose: the list must sort, not echo insertion order.
        var late = $"zz-{tag}";
        var early = $"aa-{tag}";
        var middleB = $"mb-{tag}";
        var middleA = $"ma-{tag}";
        (await admin.PostAsync("/api/channels", Definition(late, 1000))).Expect(HttpStatusCode.Created);
        (await admin.PostAsync("/api/channels", Definition(middleB, 500))).Expect(HttpStatusCode.Created);
        (await admin.PostAsync("/api/channels", Definition(early, -1000))).Expect(HttpStatusCode.Created);
        (await admin.PostAsync("/api/channels", Definition(middleA, 500))).Expect(HttpStatusCode.Created);

        var results = (await admin.GetAsync("/api/channels")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray();

        var mine = results.Select(r => r!["code"]!.GetValue<string>()).Where(c => c.EndsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal([early, middleA, middleB, late], mine);
        var orders = results.Select(r => r!["display_order"]!.GetValue<int>()).ToList();
        Assert.Equal(orders.Order().ToList(), orders);
    }

    [Fact]
    public async Task List_IncludesDemoChannels_OfANewDatabase()
    {
        using var admin = app.Admin();

        var codes = (await admin.GetAsync("/api/channels")).Expect(HttpStatusCode.OK).Json["results"]!.AsArray()
            .Select(r => r!["code"]!.GetValue<string>()).ToList();

        Assert.Contains("pos", codes);
        Assert.Contains("shop", codes);
        Assert.Contains("ifood", codes);
    }

    [Fact]
    public async Task Replace_Returns200AndReplacesEveryField()
    {
        using var admin = app.Admin();
        var code = NewCode();
        var original = Definition(code, 3, new JsonObject { ["icon"] = "old", ["post_commit_directives"] = new JsonArray("stock.commit") });
        original["edit_policy"] = "locked";
        original["is_active"] = false;
        var created = (await admin.PostAsync("/api/channels", original)).Expect(HttpStatusCode.Created).Json;
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var replaced = (await admin.PutAsync($"/api/channels/{code}", new JsonObject
        {
            ["name"] = "Renamed",
            ["pricing_policy"] = "external",
            ["display_order"] = 42,
            ["config"] = new JsonObject { ["icon"] = "new" },
        })).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(code, replaced["code"]!.GetValue<string>());
        Assert.Equal("Renamed", replaced["name"]!.GetValue<string>());
        Assert.Equal("external", replaced["pricing_policy"]!.GetValue<string>());
        Assert.Equal(42, replaced["display_order"]!.GetValue<int>());
        // A replace, not a patch: what the body leaves out goes back to its default.
        Assert.Equal("open", replaced["edit_policy"]!.GetValue<string>());
        Assert.True(replaced["is_active"]!.GetValue<bool>());
        Assert.Equal("new", replaced["config"]!["icon"]!.GetValue<string>());
        Assert.Null(replaced["config"]!["post_commit_directives"]);
        Assert.True(Math.Abs((created["created_at"]!.GetValue<DateTime>() - replaced["created_at"]!.GetValue<DateTime>()).Ticks) < 10);
        Assert.True(replaced["updated_at"]!.GetValue<DateTime>() > created["updated_at"]!.GetValue<DateTime>());

        var fetched = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        AssertSameChannel(replaced, fetched);
    }

    [Fact]
    public async Task Replace_Returns404_WhenCodeIsUnknown()
    {
        using var admin = app.Admin();
        var code = NewCode();

        var response = await admin.PutAsync($"/api/channels/{code}", Definition(code));

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
        (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replace_Returns403_WhenKeyLacksAdminScope()
    {
        using var admin = app.Admin();
        var code = await admin.CreateChannelAsync();
        var secret = await app.CreateKeyAsync("writer", ["orders:write", "sessions:write"]);
        using var client = app.Client(secret);

        var response = await client.PutAsync($"/api/channels/{code}", new JsonObject { ["name"] = "Hijacked" });

        response.Expect(HttpStatusCode.Forbidden);
        Assert.NotEqual("Hijacked", (await admin.GetAsync($"/api/channels/{code}")).Json["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_LeavesChannelUnchanged_WhenConfigIsInvalid()
    {
        using var admin = app.Admin();
        var code = NewCode();
        var before = (await admin.PostAsync("/api/channels", Definition(code, 5, new JsonObject { ["icon"] = "kept" })))
            .Expect(HttpStatusCode.Created).Json;

        var response = await admin.PutAsync($"/api/channels/{code}", new JsonObject
        {
            ["name"] = "Should not stick",
            ["display_order"] = 77,
            ["config"] = new JsonObject { ["required_checks_on_commit"] = new JsonArray("fraud") },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        var after = (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK).Json;
        AssertSameChannel(before, after);
    }
}

public sealed class SqliteChannelApiTests(SqliteApp app) : ChannelApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresChannelApiTests(PostgresApp app) : ChannelApiTests(app), IClassFixture<PostgresApp>;
