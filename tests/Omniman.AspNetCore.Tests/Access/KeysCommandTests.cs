using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.Server;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>Apps that trust nothing they read about a key: every request looks it up, as a second process would need.</summary>
internal static class NoKeyCacheSettings
{
    public static readonly KeyValuePair<string, string>[] Values = [new("Omniman:Auth:CacheSeconds", "0")];
}

public sealed class SqliteNoKeyCacheApp : SqliteApp
{
    public string Connection => ConnectionString;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => NoKeyCacheSettings.Values;
}

public sealed class PostgresNoKeyCacheApp : PostgresApp
{
    public string Connection => ConnectionString;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => NoKeyCacheSettings.Values;
}

/// <summary>
/// <c>omniman keys create|list|revoke</c> on the app's own database, and keys without caching
/// (<c>Omniman:Auth:CacheSeconds=0</c>): a key revoked by another process is refused at once.
/// </summary>
public abstract partial class KeysCommandTests(OmnimanApp app, string connection)
{
    /// <summary>The commands write to the console, which is one per process: one command at a time.</summary>
    private static readonly SemaphoreSlim ConsoleGate = new(1, 1);

    [GeneratedRegex(@"^omk_[A-Za-z0-9_-]{22,}$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"^id (\d+) ", RegexOptions.Multiline)]
    private static partial Regex IdLine();

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        app.Admin().Dispose();   // the app is up and its database migrated
        await ConsoleGate.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            var exit = await ServerCommands.Build()
                .Parse([.. args, $"--Omniman:Database:Provider={app.Provider}", $"--ConnectionStrings:Omniman={connection}"])
                .InvokeAsync();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            ConsoleGate.Release();
        }
    }

    private Task<int> RevokeInDatabaseAsync(string secret) => app.InScopeAsync(async sp =>
    {
        var hash = Omniman.Access.ApiKey.Hash(secret);
        var now = DateTime.UtcNow;
        return await sp.GetRequiredService<OmnimanDb>().ApiKeys.Where(k => k.SecretHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now));
    });

    [Fact]
    public async Task Requests_Authenticate_WhenKeysAreNotCached()
    {
        using var admin = app.Admin();

        (await admin.GetAsync("/api/channels")).Expect(HttpStatusCode.OK);
        (await admin.GetAsync("/api/channels")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task KeyRevokedElsewhere_IsRefusedAtOnce_WhenKeysAreNotCached()
    {
        var secret = await app.CreateKeyAsync($"elsewhere-{Guid.NewGuid():N}"[..20], ["orders:read"]);
        using var client = app.Client(secret);
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);

        await RevokeInDatabaseAsync(secret);

        var refused = await client.GetAsync("/api/orders");
        refused.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", refused.ErrorCode);
    }

    [Fact]
    public async Task KeysCreate_PrintsASecretThatWorks_WithItsScopesAndChannels()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("cli");
        var name = $"cli-{Guid.NewGuid():N}"[..16];

        var (exit, output, error) = await RunAsync("keys", "create", "--name", name, "--scope", "sessions:write", "--scope", "sessions:read", "--channel", channel);

        Assert.True(exit == 0, $"exit {exit}: {error}");
        var secret = SecretLine().Match(output).Value.Trim();
        Assert.False(string.IsNullOrEmpty(secret), output);
        using var client = app.Client(secret);
        (await client.OpenSessionAsync(channel)).Get<string>("session_key");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/orders")).Status);
        var other = await admin.CreateChannelAsync("clio");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/sessions", new System.Text.Json.Nodes.JsonObject { ["channel_code"] = other })).Status);
        var listed = (await admin.ListAllAsync("/api/keys?page_size=100")).Single(k => k.Get<string>("name") == name);
        Assert.Equal([channel], listed.Array("channels").Select(c => c.GetValue<string>()));
    }

    [Fact]
    public async Task KeysList_NamesKeys_NeverTheirSecrets()
    {
        var name = $"cl-{Guid.NewGuid():N}"[..16];
        var created = await RunAsync("keys", "create", "--name", name, "--scope", "orders:read");
        var secret = SecretLine().Match(created.Out).Value.Trim();

        var (exit, output, _) = await RunAsync("keys", "list");

        Assert.Equal(0, exit);
        Assert.Contains(name, output, StringComparison.Ordinal);
        Assert.Contains(secret[..12], output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(OmnimanApp.AdminSecret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRevoke_RefusesTheKey_OnTheRunningApp()
    {
        var created = await RunAsync("keys", "create", "--name", $"cr-{Guid.NewGuid():N}"[..16], "--scope", "orders:read");
        var secret = SecretLine().Match(created.Out).Value.Trim();
        var id = IdLine().Match(created.Out).Groups[1].Value;
        using var client = app.Client(secret);
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);

        var (exit, output, error) = await RunAsync("keys", "revoke", id);

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        (await client.GetAsync("/api/orders")).Expect(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("--scope", "orders:delete")]
    [InlineData("--scope", "ADMIN")]
    [InlineData("--channel", "Not A Slug")]
    public async Task KeysCreate_FailsNamingTheProblem_WhenInvalid(string option, string value)
    {
        using var admin = app.Admin();
        var before = (await admin.ListAllAsync("/api/keys?page_size=100")).Count;
        string[] args = option == "--scope"
            ? ["keys", "create", "--name", "bad", option, value]
            : ["keys", "create", "--name", "bad", "--scope", "orders:read", option, value];

        var (exit, output, error) = await RunAsync(args);

        Assert.NotEqual(0, exit);
        Assert.Contains(option.TrimStart('-') + "s", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretLine(), output);
        Assert.Equal(before, (await admin.ListAllAsync("/api/keys?page_size=100")).Count);
    }

    [Fact]
    public async Task KeysCreate_PrintsTheChannelLimitAndExpiry_AndTheKeyExpiresThen()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("clix");
        var name = $"cx-{Guid.NewGuid():N}"[..16];
        var before = DateTime.UtcNow;

        var (exit, output, error) = await RunAsync("keys", "create", "--name", name, "--scope", "orders:read", "--channel", channel, "--expires", "30d");

        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Contains($"channels: {channel}", output, StringComparison.Ordinal);
        var listed = (await admin.ListAllAsync("/api/keys?page_size=100")).Single(k => k.Get<string>("name") == name);
        var expiresAt = DateTime.Parse(listed.Get<string>("expires_at"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(expiresAt, before.AddDays(30).AddSeconds(-1), DateTime.UtcNow.AddDays(30).AddSeconds(1));
        Assert.Contains($"expires: {expiresAt:yyyy-MM-ddTHH:mm:ssZ}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_PrintsAllChannelsAndNoExpiry_WhenNotLimited()
    {
        var (exit, output, error) = await RunAsync("keys", "create", "--name", $"cn-{Guid.NewGuid():N}"[..16], "--scope", "orders:read");

        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Contains("channels: all", output, StringComparison.Ordinal);
        Assert.Contains("expires: never", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("tomorrow")]
    [InlineData("-1d")]
    [InlineData("1w")]
    [InlineData("2026-12-31")]
    public async Task KeysCreate_Fails_WhenExpiresIsNotADuration(string value)
    {
        var name = $"cb-{Guid.NewGuid():N}"[..16];

        var (exit, output, error) = await RunAsync("keys", "create", "--name", name, "--scope", "orders:read", "--expires", value);

        Assert.NotEqual(0, exit);
        Assert.Contains("--expires", error + output, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretLine(), output);
        using var admin = app.Admin();
        Assert.DoesNotContain(await admin.ListAllAsync("/api/keys?page_size=100"), k => k.Get<string>("name") == name);
    }

    [Fact]
    public async Task KeysList_ShowsChannelsExpiry_AndExpiredKeys()
    {
        var channel = "clil";
        var live = $"cv-{Guid.NewGuid():N}"[..16];
        var dead = $"cd-{Guid.NewGuid():N}"[..16];
        await RunAsync("keys", "create", "--name", live, "--scope", "orders:read", "--channel", channel, "--expires", "12h");
        // The command's own clock is the real one: a key that expired an hour ago, as a past create would leave it.
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OmnimanDb>();
            db.ApiKeys.Add(Omniman.Access.ApiKey.Create(dead, $"test-{Guid.NewGuid():N}", ["orders:read"], null,
                DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddHours(-1)));
            return await db.SaveChangesAsync();
        });

        var (exit, output, _) = await RunAsync("keys", "list");

        Assert.Equal(0, exit);
        var liveLine = output.Split('\n').Single(l => l.Contains(live, StringComparison.Ordinal));
        var deadLine = output.Split('\n').Single(l => l.Contains(dead, StringComparison.Ordinal));
        Assert.Contains($"channels: {channel}", liveLine, StringComparison.Ordinal);
        Assert.Matches(@"expires: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", liveLine);
        Assert.DoesNotContain("EXPIRED", liveLine, StringComparison.Ordinal);
        Assert.Contains("channels: all", deadLine, StringComparison.Ordinal);
        Assert.Contains("EXPIRED", deadLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRotate_PrintsANewSecretThatWorks_WhileTheOldKeepsWorking()
    {
        var created = await RunAsync("keys", "create", "--name", $"co-{Guid.NewGuid():N}"[..16], "--scope", "orders:read");
        var oldSecret = SecretLine().Match(created.Out).Value.Trim();
        var oldId = IdLine().Match(created.Out).Groups[1].Value;

        var (exit, output, error) = await RunAsync("keys", "rotate", oldId, "--expires-in", "24h");

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        var newSecret = SecretLine().Match(output).Value.Trim();
        Assert.False(string.IsNullOrEmpty(newSecret), output);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Contains("channels: all", output, StringComparison.Ordinal);
        using var fresh = app.Client(newSecret);
        using var old = app.Client(oldSecret);
        (await fresh.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
        (await old.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
        using var admin = app.Admin();
        var oldKey = (await admin.GetAsync($"/api/keys/{oldId}")).Expect(HttpStatusCode.OK).Json;
        var expiresAt = DateTime.Parse(oldKey.Get<string>("expires_at"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(expiresAt, DateTime.UtcNow.AddHours(23), DateTime.UtcNow.AddHours(24));
        var newId = IdLine().Match(output).Groups[1].Value;
        Assert.Equal(long.Parse(oldId, System.Globalization.CultureInfo.InvariantCulture),
            (await admin.GetAsync($"/api/keys/{newId}")).Expect(HttpStatusCode.OK).Json.Get<long>("rotated_from"));
    }

    [Fact]
    public async Task KeysRotate_WithZero_RevokesTheOldKeyAtOnce()
    {
        var created = await RunAsync("keys", "create", "--name", $"cz-{Guid.NewGuid():N}"[..16], "--scope", "orders:read");
        var oldSecret = SecretLine().Match(created.Out).Value.Trim();
        using var old = app.Client(oldSecret);
        (await old.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);

        var (exit, output, error) = await RunAsync("keys", "rotate", IdLine().Match(created.Out).Groups[1].Value, "--expires-in", "0");

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        (await old.GetAsync("/api/orders")).Expect(HttpStatusCode.Unauthorized);
        using var fresh = app.Client(SecretLine().Match(output).Value.Trim());
        (await fresh.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task KeysRotate_Fails_WhenTheKeyIsRevoked()
    {
        var created = await RunAsync("keys", "create", "--name", $"cq-{Guid.NewGuid():N}"[..16], "--scope", "orders:read");
        var id = IdLine().Match(created.Out).Groups[1].Value;
        await RunAsync("keys", "revoke", id);

        var (exit, output, error) = await RunAsync("keys", "rotate", id);

        Assert.NotEqual(0, exit);
        Assert.Contains("key_inactive", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretLine(), output);
    }

    [Fact]
    public async Task KeysRevoke_Fails_WhenTheKeyIsUnknown()
    {
        var (exit, _, error) = await RunAsync("keys", "revoke", "987654321");

        Assert.NotEqual(0, exit);
        Assert.Contains("not_found", error, StringComparison.Ordinal);
    }
}

public sealed class SqliteKeysCommandTests(SqliteNoKeyCacheApp app) : KeysCommandTests(app, app.Connection), IClassFixture<SqliteNoKeyCacheApp>;

public sealed class PostgresKeysCommandTests(PostgresNoKeyCacheApp app) : KeysCommandTests(app, app.Connection), IClassFixture<PostgresNoKeyCacheApp>;
