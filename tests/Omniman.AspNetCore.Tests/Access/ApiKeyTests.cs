using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>POST/GET/DELETE /api/keys (docs/api.md, issue 5): the secret shown once, stored hashed, revoked at once.</summary>
public abstract partial class ApiKeyTests(OmnimanApp app) : IDisposable
{
    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    [GeneratedRegex("^omk_[A-Za-z0-9_-]+$")]
    private static partial Regex SecretShape();

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<JsonNode> CreateAsync(string name, string[] scopes, string[]? channels = null)
    {
        var body = new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]) };
        if (channels is not null) body["channels"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]);
        return (await _admin.PostAsync("/api/keys", body)).Expect(HttpStatusCode.Created).Json;
    }

    private async Task<IReadOnlyList<JsonNode>> ListAsync() => await _admin.ListAllAsync("/api/keys?page_size=100");

    private async Task<JsonNode> ListedAsync(long id) =>
        (await ListAsync()).SingleOrDefault(k => k.Get<long>("id") == id) ?? throw new Xunit.Sdk.XunitException($"Key {id} is not listed.");

    /// <summary>Which keys exist and which are revoked.</summary>
    private async Task<List<string>> KeyStatesAsync() =>
        [.. (await ListAsync()).Select(k => $"{k.Get<long>("id")}:{k["revoked_at"]}").Order()];

    /// <summary>Every column of the key's row, as the database holds it.</summary>
    private Task<Dictionary<string, string?>> RowAsync(long id) => app.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<OmnimanDb>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM api_keys WHERE id = {id}";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"No api_keys row {id}");
            var row = new Dictionary<string, string?>();
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            return row;
        }
        finally
        {
            await connection.CloseAsync();
        }
    });

    [Fact]
    public async Task CreateKey_Returns201WithSecretOnce_WhenAdmin()
    {
        var name = UniqueName("till");

        var response = await _admin.PostAsync("/api/keys", new JsonObject { ["name"] = name, ["scopes"] = new JsonArray("sessions:write", "orders:read") });

        response.Expect(HttpStatusCode.Created);
        var key = response.Json;
        var secret = key.Get<string>("secret");
        Assert.Matches(SecretShape(), secret);
        Assert.Equal(name, key.Get<string>("name"));
        Assert.Equal(["orders:read", "sessions:write"], key.Array("scopes").Select(s => s.GetValue<string>()).Order());
        Assert.True(secret.StartsWith(key.Get<string>("prefix"), StringComparison.Ordinal), $"prefix {key["prefix"]} of {secret}");
        Assert.EndsWith($"/api/keys/{key.Get<long>("id")}", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_CarriesAtLeast128RandomBits()
    {
        var secrets = new List<string>();
        for (var i = 0; i < 5; i++) secrets.Add((await CreateAsync(UniqueName("ent"), ["orders:read"])).Get<string>("secret"));

        foreach (var secret in secrets)
        {
            Assert.Matches(SecretShape(), secret);
            var random = secret["omk_".Length..];
            // At most 64 symbols (base64url) per character: 6 bits each, so 22 characters carry at least 128 bits.
            Assert.True(random.Length * 6 >= 128 + 4, $"'{random}' is {random.Length} characters");
        }
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        // Random characters, not a counter: the secrets share no long common prefix past omk_.
        Assert.All(secrets.Skip(1), s => Assert.NotEqual(secrets[0][..12], s[..12]));
    }

    [Fact]
    public async Task CreatedSecret_Authenticates_WithItsScopesOnly()
    {
        var secret = (await CreateAsync(UniqueName("reader"), ["orders:read"])).Get<string>("secret");
        using var client = app.Client(secret);

        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
        var refused = await client.GetAsync("/api/sessions");

        refused.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", refused.ErrorCode);
    }

    [Fact]
    public async Task StoredRow_HoldsOnlyHashAndShortPrefix_NeverTheSecret()
    {
        var created = await CreateAsync(UniqueName("stored"), ["admin"]);
        var secret = created.Get<string>("secret");
        var randomPart = secret["omk_".Length..];

        var row = await RowAsync(created.Get<long>("id"));

        foreach (var (column, value) in row)
        {
            Assert.False(value?.Contains(secret, StringComparison.Ordinal) == true, $"Column {column} holds the secret");
            Assert.False(value?.Contains(randomPart, StringComparison.Ordinal) == true, $"Column {column} holds the secret's random part");
        }
        var prefix = row["prefix"]!;
        Assert.True(prefix.Length <= 16 && prefix.Length < secret.Length / 2, $"prefix '{prefix}' is not short");
        Assert.StartsWith(prefix, secret, StringComparison.Ordinal);
        Assert.Contains(row, c => c.Value is { Length: 64 } hash && Regex.IsMatch(hash, "^[0-9a-f]{64}$"));
    }

    [Fact]
    public async Task ListKeys_ShowsNamePrefixScopesChannelsAndTimes_NeverTheSecret()
    {
        var name = UniqueName("listed");
        var created = await CreateAsync(name, ["sessions:read", "sessions:write"], ["pos"]);
        var secret = created.Get<string>("secret");

        var page = (await _admin.GetAsync("/api/keys?page_size=100")).Expect(HttpStatusCode.OK);

        Assert.DoesNotContain(secret, page.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["omk_".Length..], page.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", page.Raw, StringComparison.Ordinal);
        var listed = await ListedAsync(created.Get<long>("id"));
        Assert.Equal(name, listed.Get<string>("name"));
        Assert.Equal(created.Get<string>("prefix"), listed.Get<string>("prefix"));
        Assert.Equal(["sessions:read", "sessions:write"], listed.Array("scopes").Select(s => s.GetValue<string>()).Order());
        Assert.Equal(["pos"], listed.Array("channels").Select(s => s.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(listed.Get<string>("created_at")));
        Assert.True(listed.AsObject().ContainsKey("last_used_at"), listed.ToJsonString());
        Assert.Null(listed["last_used_at"]);
        Assert.Null(listed["secret"]);
    }

    [Fact]
    public async Task ListKeys_ShowsLastUsed_AfterTheKeyWasUsed()
    {
        var created = await CreateAsync(UniqueName("used"), ["orders:read"]);
        using var client = app.Client(created.Get<string>("secret"));

        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);

        Assert.NotNull((await ListedAsync(created.Get<long>("id")))["last_used_at"]);
    }

    [Fact]
    public async Task RevokeKey_RefusesTheNextRequestAt401_WhenTheKeyWasJustUsed()
    {
        var created = await CreateAsync(UniqueName("revoked"), ["orders:read", "sessions:read"]);
        using var client = app.Client(created.Get<string>("secret"));
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);   // now cached

        var revoke = await _admin.DeleteAsync($"/api/keys/{created.Get<long>("id")}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.Status);
        var refused = await client.GetAsync("/api/sessions");
        refused.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", refused.ErrorCode);
        var token = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        token.Headers.TryAddWithoutValidation("Authorization", $"Token {created.Get<string>("secret")}");
        using var anonymous = app.Client(null);
        (await anonymous.SendAsync(token)).Expect(HttpStatusCode.Unauthorized);
        Assert.NotNull((await ListedAsync(created.Get<long>("id")))["revoked_at"]);
    }

    [Fact]
    public async Task RevokeKey_IsHarmless_WhenRepeated()
    {
        var id = (await CreateAsync(UniqueName("twice"), ["orders:read"])).Get<long>("id");

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/keys/{id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/keys/{id}")).Status);
    }

    [Fact]
    public async Task RevokeKey_Returns404_WhenUnknown()
    {
        var response = await _admin.DeleteAsync("/api/keys/987654321");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Fact]
    public async Task RevokeKey_LeavesOtherKeysWorking()
    {
        var kept = await CreateAsync(UniqueName("kept"), ["orders:read"]);
        var gone = await CreateAsync(UniqueName("gone"), ["orders:read"]);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/keys/{gone.Get<long>("id")}")).Status);

        using var client = app.Client(kept.Get<string>("secret"));
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
        (await _admin.GetAsync("/api/keys")).Expect(HttpStatusCode.OK);
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"scopes": ["orders:read"]}""", "name" },
        { """{"name": null, "scopes": ["orders:read"]}""", "name" },
        { """{"name": "", "scopes": ["orders:read"]}""", "name" },
        { """{"name": "   ", "scopes": ["orders:read"]}""", "name" },
        { $$"""{"name": "{{new string('n', 201)}}", "scopes": ["orders:read"]}""", "name" },
        { """{"name": "no-scopes"}""", "scopes" },
        { """{"name": "null-scopes", "scopes": null}""", "scopes" },
        { """{"name": "empty-scopes", "scopes": []}""", "scopes" },
        { """{"name": "unknown-scope", "scopes": ["orders:delete"]}""", "scopes" },
        { """{"name": "mixed-scopes", "scopes": ["orders:read", "everything"]}""", "scopes" },
        { """{"name": "upper-scope", "scopes": ["ADMIN"]}""", "scopes" },
        { """{"name": "null-scope", "scopes": [null]}""", "scopes" },
        { """{"name": "string-scopes", "scopes": "admin"}""", "scopes" },
        { """{"name": "empty-channels", "scopes": ["admin"], "channels": []}""", "channels" },
        { """{"name": "bad-channel", "scopes": ["admin"], "channels": ["Not A Slug"]}""", "channels" },
        { """{"name": 42, "scopes": ["admin"]}""", "name" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateKey_Returns400NamingTheField_WhenInvalid(string raw, string field)
    {
        var before = (await ListAsync()).Count;

        var response = await _admin.PostRawAsync("/api/keys", raw);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.NotNull(response.ErrorCode);
        Assert.Equal(field, response.Json["error"]!["context"]?["field"]?.GetValue<string>());
        Assert.Equal(before, (await ListAsync()).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"name\": \"x\", ")]
    public async Task CreateKey_Returns400_WhenBodyIsNotAKey(string raw)
    {
        var response = await _admin.PostRawAsync("/api/keys", raw);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.NotNull(response.ErrorCode);
    }

    public static TheoryData<string, string, string> NonAdminCalls()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var scope in new[] { "sessions:read", "sessions:write", "orders:read", "orders:write" })
        {
            data.Add(scope, "GET", "/api/keys");
            data.Add(scope, "POST", "/api/keys");
            data.Add(scope, "DELETE", "/api/keys/1");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NonAdminCalls))]
    public async Task KeyRoutes_Return403Forbidden_ForNonAdminKeys(string scope, string method, string url)
    {
        using var client = app.Client(await app.CreateKeyAsync(UniqueName("na"), [scope]));
        var before = await KeyStatesAsync();

        var response = await client.SendAsync(new HttpMethod(method), url,
            method == "POST" ? new JsonObject { ["name"] = "escalated", ["scopes"] = new JsonArray("admin") } : null);

        response.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", response.ErrorCode);
        Assert.DoesNotContain("omk_", response.Raw, StringComparison.Ordinal);
        Assert.Equal(before, await KeyStatesAsync());
    }

    [Fact]
    public async Task KeyRoutes_Return403_ForAKeyWithEveryScopeButAdmin()
    {
        using var client = app.Client(await app.CreateKeyAsync(UniqueName("all"), ["sessions:read", "sessions:write", "orders:read", "orders:write"]));

        foreach (var (method, url) in new[] { ("GET", "/api/keys"), ("POST", "/api/keys"), ("DELETE", "/api/keys/1") })
        {
            var response = await client.SendAsync(new HttpMethod(method), url,
                method == "POST" ? new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("admin") } : null);
            Assert.True(response.Status == HttpStatusCode.Forbidden && response.ErrorCode == "forbidden", $"{method} {url}: {(int)response.Status} {response.Raw}");
        }
    }

    [Theory]
    [InlineData("GET", "/api/keys")]
    [InlineData("POST", "/api/keys")]
    [InlineData("DELETE", "/api/keys/1")]
    public async Task KeyRoutes_Return401_WithoutKey(string method, string url)
    {
        using var anonymous = app.Client(null);

        var response = await anonymous.SendAsync(new HttpMethod(method), url,
            method == "POST" ? new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("admin") } : null);

        response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", response.ErrorCode);
    }

    [Fact]
    public async Task CreatedKey_LimitedToChannels_SeesOnlyThoseChannels()
    {
        var mine = await _admin.CreateChannelAsync("kmine");
        var other = await _admin.CreateChannelAsync("kother");
        var secret = (await CreateAsync(UniqueName("limited"), ["sessions:read", "sessions:write"], [mine])).Get<string>("secret");
        using var client = app.Client(secret);

        (await client.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = mine })).Expect(HttpStatusCode.Created);
        var refused = await client.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = other });

        refused.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", refused.ErrorCode);
    }

    /// <summary>
    /// A key limited to some channels that holds admin must not mint a key that sees every channel:
    /// either the request is refused or the new key is limited as its maker is.
    /// </summary>
    [Fact]
    public async Task ChannelLimitedAdmin_CannotMintAKeyThatSeesOtherChannels()
    {
        var mine = await _admin.CreateChannelAsync("amine");
        var other = await _admin.CreateChannelAsync("aother");
        var hidden = (await _admin.OpenSessionAsync(other)).Get<string>("session_key");
        using var limitedAdmin = app.Client(await app.CreateKeyAsync(UniqueName("ladmin"), ["admin"], [mine]));

        var minted = await limitedAdmin.PostAsync("/api/keys", new JsonObject { ["name"] = UniqueName("minted"), ["scopes"] = new JsonArray("admin") });

        if (minted.Status == HttpStatusCode.Created)
        {
            using var escaped = app.Client(minted.Json.Get<string>("secret"));
            var seen = await escaped.GetAsync($"/api/sessions/{hidden}?channel_code={other}");
            Assert.True(seen.Status == HttpStatusCode.NotFound,
                $"A key minted by a key limited to '{mine}' reads a session of '{other}': {(int)seen.Status} {seen.Raw}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, minted.Status);
        }
    }

    [Fact]
    public async Task ChannelLimitedAdmin_MintsKeysOnlyWithinItsChannels()
    {
        var mine = await _admin.CreateChannelAsync("bmine");
        var other = await _admin.CreateChannelAsync("bother");
        using var limitedAdmin = app.Client(await app.CreateKeyAsync(UniqueName("ladmin"), ["admin"], [mine]));

        var within = await limitedAdmin.PostAsync("/api/keys", new JsonObject
        {
            ["name"] = UniqueName("within"), ["scopes"] = new JsonArray("orders:read"), ["channels"] = new JsonArray(mine),
        });
        var beyond = await limitedAdmin.PostAsync("/api/keys", new JsonObject
        {
            ["name"] = UniqueName("beyond"), ["scopes"] = new JsonArray("orders:read"), ["channels"] = new JsonArray(mine, other),
        });

        within.Expect(HttpStatusCode.Created);
        Assert.Equal([mine], within.Json.Array("channels").Select(c => c.GetValue<string>()));
        beyond.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", beyond.ErrorCode);
    }
}

public sealed class SqliteApiKeyTests(SqliteLongKeyCacheApp app) : ApiKeyTests(app), IClassFixture<SqliteLongKeyCacheApp>;

public sealed class PostgresApiKeyTests(PostgresLongKeyCacheApp app) : ApiKeyTests(app), IClassFixture<PostgresLongKeyCacheApp>;
