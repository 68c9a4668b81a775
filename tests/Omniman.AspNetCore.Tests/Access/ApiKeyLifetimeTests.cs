using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Keys that expire, and rotation without downtime: <c>expires_at</c> on create, refused after it
/// (also when the key was cached before), and <c>POST /api/keys/{id}/rotate</c> with its grace.
/// The app trusts a looked-up key for an hour, so expiry must be checked on use, not on lookup.
/// </summary>
public abstract class ApiKeyLifetimeTests(OmnimanApp app) : IDisposable
{
    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A timestamp as sent: whole seconds, so the database's precision cannot blur it.</summary>
    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTime WholeSeconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static DateTime Time(JsonNode key, string field) =>
        DateTime.Parse(key.Get<string>(field), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>PostgreSQL keeps microseconds, .NET ticks: equal within a millisecond is equal.</summary>
    private static void AssertSameTime(DateTime expected, DateTime actual) =>
        Assert.True(Math.Abs((expected - actual).TotalMilliseconds) < 1, $"expected {expected:O}, got {actual:O}");

    private async Task<JsonNode> CreateAsync(string name, string[] scopes, string[]? channels = null, DateTime? expiresAt = null)
    {
        var body = new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]) };
        if (channels is not null) body["channels"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]);
        if (expiresAt is { } at) body["expires_at"] = Iso(at);
        return (await _admin.PostAsync("/api/keys", body)).Expect(HttpStatusCode.Created).Json;
    }

    private async Task<JsonNode> ReadAsync(long id) => (await _admin.GetAsync($"/api/keys/{id}")).Expect(HttpStatusCode.OK).Json;

    private async Task<JsonNode> ListedAsync(long id) =>
        (await _admin.ListAllAsync("/api/keys?page_size=100")).SingleOrDefault(k => k.Get<long>("id") == id)
        ?? throw new Xunit.Sdk.XunitException($"Key {id} is not listed.");

    private Task<ApiResponse> RotateAsync(long id, int? expiresInSeconds = null) =>
        _admin.PostAsync($"/api/keys/{id}/rotate", expiresInSeconds is { } s ? new JsonObject { ["expires_in_seconds"] = s } : null);

    private static void AssertRefusedAsExpired(ApiResponse response)
    {
        response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", response.ErrorCode);
        var message = response.Json["error"]!["message"]!.GetValue<string>();
        Assert.Contains("expired", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateKey_WithExpiresAt_ShowsItInTheAnswerTheListAndTheKey()
    {
        var expiresAt = WholeSeconds(Now).AddDays(30);

        var created = await CreateAsync(UniqueName("exp"), ["orders:read"], expiresAt: expiresAt);

        var id = created.Get<long>("id");
        Assert.Equal(expiresAt, Time(created, "expires_at"));
        Assert.Equal(expiresAt, Time(await ListedAsync(id), "expires_at"));
        Assert.Equal(expiresAt, Time(await ReadAsync(id), "expires_at"));
        using var client = app.Client(created.Get<string>("secret"));
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateKey_WithoutExpiresAt_ShowsNullExpiryAndNoRotation()
    {
        var created = await CreateAsync(UniqueName("never"), ["orders:read"]);

        var listed = await ListedAsync(created.Get<long>("id"));
        foreach (var key in new[] { created, listed })
        {
            Assert.True(key.AsObject().ContainsKey("expires_at"), key.ToJsonString());
            Assert.Null(key["expires_at"]);
            Assert.True(key.AsObject().ContainsKey("rotated_from"), key.ToJsonString());
            Assert.Null(key["rotated_from"]);
        }
    }

    [Fact]
    public async Task CreateKey_AcceptsAnOffset_AndShowsTheExpiryInUtc()
    {
        var expiresAt = WholeSeconds(Now).AddDays(2);
        var withOffset = new DateTimeOffset(expiresAt).ToOffset(TimeSpan.FromHours(-3)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

        var created = (await _admin.PostAsync("/api/keys", new JsonObject
        {
            ["name"] = UniqueName("offset"), ["scopes"] = new JsonArray("orders:read"), ["expires_at"] = withOffset,
        })).Expect(HttpStatusCode.Created).Json;

        Assert.Equal(expiresAt, Time(await ReadAsync(created.Get<long>("id")), "expires_at"));
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("now")]
    [InlineData("soon")]
    [InlineData("42")]
    public async Task CreateKey_Returns400NamingExpiresAt_WhenNotInTheFuture(string value)
    {
        // "now" is the app's clock, which does not move by itself: a key that would expire at once.
        var expiresAt = value == "now" ? Iso(Now) : value;
        JsonNode sent = value == "42" ? 42 : expiresAt;

        var response = await _admin.PostAsync("/api/keys", new JsonObject
        {
            ["name"] = UniqueName("past"), ["scopes"] = new JsonArray("orders:read"), ["expires_at"] = sent,
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("expires_at", response.Json["error"]!["context"]?["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task ExpiredKey_IsRefused401SayingItExpired_WhenItWasCachedBefore()
    {
        var created = await CreateAsync(UniqueName("cached"), ["orders:read"], expiresAt: WholeSeconds(Now).AddHours(1));
        using var client = app.Client(created.Get<string>("secret"));
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);   // now cached for an hour of real time

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var refused = await client.GetAsync("/api/orders");
        AssertRefusedAsExpired(refused);
        Assert.Equal(Iso(Time(created, "expires_at")), refused.Json["error"]!["context"]?["expires_at"]?.GetValue<string>());
    }

    [Fact]
    public async Task ExpiredKey_IsRefused401SayingItExpired_WhenFirstUsedAfterItsExpiry()
    {
        var created = await CreateAsync(UniqueName("late"), ["orders:read"], expiresAt: WholeSeconds(Now).AddMinutes(5));

        app.Clock.Advance(TimeSpan.FromMinutes(6));

        using var client = app.Client(created.Get<string>("secret"));
        AssertRefusedAsExpired(await client.GetAsync("/api/orders"));
        // Any-key routes too: the refusal is the key's, whatever the route asks for.
        AssertRefusedAsExpired(await client.GetAsync("/api/channels"));
    }

    [Fact]
    public async Task UnknownKey_IsRefusedWithoutMentioningExpiry()
    {
        using var client = app.Client("omk_unknownunknownunknownunknown");

        var refused = await client.GetAsync("/api/orders");

        refused.Expect(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("expired", refused.Raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rotate_GivesAWorkingNewKey_WhileTheOldWorksUntilTheGraceEnds()
    {
        var name = UniqueName("rot");
        var old = await CreateAsync(name, ["sessions:read", "orders:read"], ["pos"]);
        var oldId = old.Get<long>("id");
        using var oldClient = app.Client(old.Get<string>("secret"));
        (await oldClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);   // cached with no expiry
        var rotatedAt = Now;

        var response = await RotateAsync(oldId, 600);

        response.Expect(HttpStatusCode.Created);
        var fresh = response.Json;
        var newId = fresh.Get<long>("id");
        Assert.NotEqual(oldId, newId);
        Assert.EndsWith($"/api/keys/{newId}", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.StartsWith("omk_", fresh.Get<string>("secret"), StringComparison.Ordinal);
        Assert.NotEqual(old.Get<string>("secret"), fresh.Get<string>("secret"));
        Assert.Equal(name, fresh.Get<string>("name"));
        Assert.Equal(["orders:read", "sessions:read"], fresh.Array("scopes").Select(s => s.GetValue<string>()).Order());
        Assert.Equal(["pos"], fresh.Array("channels").Select(c => c.GetValue<string>()));
        Assert.Equal(oldId, fresh.Get<long>("rotated_from"));
        Assert.Null(fresh["expires_at"]);
        Assert.Equal(oldId, (await ReadAsync(newId)).Get<long>("rotated_from"));
        Assert.Equal(oldId, (await ListedAsync(newId)).Get<long>("rotated_from"));
        Assert.Null((await ReadAsync(newId))["secret"]);
        AssertSameTime(rotatedAt.AddSeconds(600), Time(await ReadAsync(oldId), "expires_at"));

        using var newClient = app.Client(fresh.Get<string>("secret"));
        (await newClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
        (await oldClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromSeconds(601));

        AssertRefusedAsExpired(await oldClient.GetAsync("/api/orders"));
        (await newClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rotate_WithoutABody_GivesTheOldKeyADay()
    {
        var old = await CreateAsync(UniqueName("day"), ["orders:read"]);
        var rotatedAt = Now;

        (await RotateAsync(old.Get<long>("id"))).Expect(HttpStatusCode.Created);

        AssertSameTime(rotatedAt.AddDays(1), Time(await ReadAsync(old.Get<long>("id")), "expires_at"));
    }

    [Fact]
    public async Task Rotate_WithZero_RevokesTheOldKeyAtOnce()
    {
        var old = await CreateAsync(UniqueName("zero"), ["orders:read"]);
        using var oldClient = app.Client(old.Get<string>("secret"));
        (await oldClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);   // cached

        var fresh = (await RotateAsync(old.Get<long>("id"), 0)).Expect(HttpStatusCode.Created).Json;

        var refused = await oldClient.GetAsync("/api/orders");
        refused.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", refused.ErrorCode);
        Assert.NotNull((await ReadAsync(old.Get<long>("id")))["revoked_at"]);
        using var newClient = app.Client(fresh.Get<string>("secret"));
        (await newClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rotate_Returns409_WhenTheKeyIsRevoked()
    {
        var id = (await CreateAsync(UniqueName("gone"), ["orders:read"])).Get<long>("id");
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/keys/{id}")).Status);
        var before = (await _admin.ListAllAsync("/api/keys?page_size=100")).Count;

        var response = await RotateAsync(id, 60);

        response.Expect(HttpStatusCode.Conflict);
        Assert.Equal("key_inactive", response.ErrorCode);
        Assert.DoesNotContain("omk_", response.Raw, StringComparison.Ordinal);
        Assert.Equal(before, (await _admin.ListAllAsync("/api/keys?page_size=100")).Count);
    }

    [Fact]
    public async Task Rotate_Returns409_WhenTheKeyExpired()
    {
        var id = (await CreateAsync(UniqueName("stale"), ["orders:read"], expiresAt: WholeSeconds(Now).AddMinutes(1))).Get<long>("id");
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var response = await RotateAsync(id);

        response.Expect(HttpStatusCode.Conflict);
        Assert.Equal("key_inactive", response.ErrorCode);
        Assert.Contains("expired", response.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_Again_GivesAThirdKey_AndTheOldKeepsItsSoonerExpiry()
    {
        var old = await CreateAsync(UniqueName("twice"), ["orders:read"]);
        var oldId = old.Get<long>("id");
        var rotatedAt = Now;
        var second = (await RotateAsync(oldId, 3600)).Expect(HttpStatusCode.Created).Json;

        var third = (await RotateAsync(oldId, 86_400)).Expect(HttpStatusCode.Created).Json;

        Assert.Equal(oldId, third.Get<long>("rotated_from"));
        Assert.NotEqual(second.Get<long>("id"), third.Get<long>("id"));
        AssertSameTime(rotatedAt.AddHours(1), Time(await ReadAsync(oldId), "expires_at"));
        using var secondClient = app.Client(second.Get<string>("secret"));
        using var thirdClient = app.Client(third.Get<string>("secret"));
        using var oldClient = app.Client(old.Get<string>("secret"));
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        AssertRefusedAsExpired(await oldClient.GetAsync("/api/orders"));
        (await secondClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
        (await thirdClient.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rotate_KeepsAnEarlierExpiryTheKeyWasCreatedWith()
    {
        var expiresAt = WholeSeconds(Now).AddMinutes(10);
        var id = (await CreateAsync(UniqueName("early"), ["orders:read"], expiresAt: expiresAt)).Get<long>("id");

        (await RotateAsync(id, 86_400)).Expect(HttpStatusCode.Created);

        Assert.Equal(expiresAt, Time(await ReadAsync(id), "expires_at"));
    }

    [Fact]
    public async Task Rotate_Returns404_WhenTheKeyIsUnknown()
    {
        var response = await RotateAsync(987654321, 60);

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Theory]
    [InlineData("""{"expires_in_seconds": -1}""")]
    [InlineData("""{"expires_in_seconds": "1h"}""")]
    [InlineData("""{"expires_in_seconds": 1.5}""")]
    [InlineData("""{"expires_in_seconds": 99999999999}""")]
    public async Task Rotate_Returns400NamingTheField_WhenTheGraceIsInvalid(string raw)
    {
        var id = (await CreateAsync(UniqueName("bad"), ["orders:read"])).Get<long>("id");

        var response = await _admin.PostRawAsync($"/api/keys/{id}/rotate", raw);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("expires_in_seconds", response.Json["error"]!["context"]?["field"]?.GetValue<string>());
        Assert.Null((await ReadAsync(id))["expires_at"]);
    }

    [Theory]
    [InlineData("sessions:read")]
    [InlineData("orders:write")]
    public async Task Rotate_Returns403_ForNonAdminKeys(string scope)
    {
        var target = (await CreateAsync(UniqueName("target"), ["orders:read"])).Get<long>("id");
        using var client = app.Client(await app.CreateKeyAsync(UniqueName("na"), [scope]));

        var response = await client.PostAsync($"/api/keys/{target}/rotate", null);

        response.Expect(HttpStatusCode.Forbidden);
        Assert.DoesNotContain("omk_", response.Raw, StringComparison.Ordinal);
        Assert.Null((await ReadAsync(target))["expires_at"]);
    }

    [Fact]
    public async Task ChannelLimitedAdmin_CannotRotateAKeyThatReachesFurther()
    {
        var mine = await _admin.CreateChannelAsync("rmine");
        var other = await _admin.CreateChannelAsync("rother");
        var everywhere = (await CreateAsync(UniqueName("all"), ["orders:read"])).Get<long>("id");
        var beyond = (await CreateAsync(UniqueName("beyond"), ["orders:read"], [mine, other])).Get<long>("id");
        var within = (await CreateAsync(UniqueName("within"), ["orders:read"], [mine])).Get<long>("id");
        using var limitedAdmin = app.Client(await app.CreateKeyAsync(UniqueName("ladmin"), ["admin"], [mine]));

        var refusedAll = await limitedAdmin.PostAsync($"/api/keys/{everywhere}/rotate", null);
        var refusedBeyond = await limitedAdmin.PostAsync($"/api/keys/{beyond}/rotate", null);
        var allowed = await limitedAdmin.PostAsync($"/api/keys/{within}/rotate", null);

        refusedAll.Expect(HttpStatusCode.Forbidden);
        refusedBeyond.Expect(HttpStatusCode.Forbidden);
        Assert.Null((await ReadAsync(everywhere))["expires_at"]);
        Assert.Null((await ReadAsync(beyond))["expires_at"]);
        allowed.Expect(HttpStatusCode.Created);
        Assert.Equal([mine], allowed.Json.Array("channels").Select(c => c.GetValue<string>()));
    }

    [Fact]
    public async Task BootstrapKey_HasNoExpiry()
    {
        var bootstrap = (await _admin.ListAllAsync("/api/keys?page_size=100")).Single(k => k.Get<string>("name") == "bootstrap");

        Assert.Null(bootstrap["expires_at"]);
        app.Clock.Advance(TimeSpan.FromDays(3650));
        (await _admin.GetAsync("/api/keys")).Expect(HttpStatusCode.OK);
    }
}

public sealed class SqliteApiKeyLifetimeTests(SqliteLongKeyCacheApp app) : ApiKeyLifetimeTests(app), IClassFixture<SqliteLongKeyCacheApp>;

public sealed class PostgresApiKeyLifetimeTests(PostgresLongKeyCacheApp app) : ApiKeyLifetimeTests(app), IClassFixture<PostgresLongKeyCacheApp>;
