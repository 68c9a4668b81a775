using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Per-key token buckets per kind of request (issue 5): a key over its modify bucket gets 429
/// <c>rate_limited</c> with <c>Retry-After</c>; another key, and the same key's reads, still pass.
/// The fixture allows modifies and commits at 1 a second with a burst of 2.
/// </summary>
public abstract class RateLimitTests(OmnimanApp app) : IDisposable
{
    private const int Attempts = 12;

    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh key (so a fresh bucket) with its own open session in a channel of its own.</summary>
    private async Task<(ApiClient Client, string Channel, string Key)> CallerAsync(string name)
    {
        var channel = await _admin.CreateChannelAsync("rl");
        var client = app.Client(await app.CreateKeyAsync($"{name}-{Guid.NewGuid():N}"[..20], ["sessions:read", "sessions:write"]));
        var key = (await client.OpenSessionAsync(channel)).Get<string>("session_key");
        return (client, channel, key);
    }

    /// <summary>
    /// Sends modifies back to back; returns the answers and how many the bucket could have allowed
    /// in the time they took (the burst, plus one a second, plus one for a refill at the edge).
    /// </summary>
    private static async Task<(List<ApiResponse> Answers, int MostAllowed)> BurstAsync(ApiClient client, string channel, string key, int count)
    {
        var answers = new List<ApiResponse>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) answers.Add(await client.ModifyAsync(channel, key, Ops.SetData("n", i)));
        var mostAllowed = TightRateSettings.Burst + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) * TightRateSettings.PermitsPerSecond + 1;
        return (answers, mostAllowed);
    }

    private static void AssertRateLimited(ApiResponse response)
    {
        var error = Api.ErrorEnvelopeTests.AssertEnvelope(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "no Retry-After header");
        var retryAfter = int.Parse(Assert.Single(values), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.NotNull(error["context"]);
    }

    [Fact]
    public async Task Modify_Returns429WithRetryAfter_WhenTheKeyExceedsItsBucket()
    {
        var (client, channel, key) = await CallerAsync("burst");
        using var _ = client;

        var (answers, mostAllowed) = await BurstAsync(client, channel, key, Attempts);

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)a.Status} {a.Raw}"));
        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, AssertRateLimited);
        var accepted = answers.Count(a => a.Status == HttpStatusCode.OK);
        Assert.InRange(accepted, TightRateSettings.Burst, mostAllowed);
        Assert.All(answers.Take(TightRateSettings.Burst), a => a.Expect(HttpStatusCode.OK));
    }

    [Fact]
    public async Task RefusedModify_ChangesNothing()
    {
        var (client, channel, key) = await CallerAsync("refused");
        using var _ = client;

        var (answers, _) = await BurstAsync(client, channel, key, Attempts);

        var accepted = answers.Count(a => a.Status == HttpStatusCode.OK);
        var session = (await client.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(accepted, session.Get<int>("rev"));
    }

    [Fact]
    public async Task Reads_StillPass_WhileModifiesAreThrottled()
    {
        var (client, channel, key) = await CallerAsync("reader");
        using var _ = client;
        var (answers, _) = await BurstAsync(client, channel, key, Attempts);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 10; i++)
            (await client.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK);
        (await client.GetAsync("/api/sessions")).Expect(HttpStatusCode.OK);
        AssertRateLimited(await client.ModifyAsync(channel, key, Ops.SetData("still", "limited")));
    }

    [Fact]
    public async Task OtherWrites_StillPass_WhileModifiesAreThrottled()
    {
        var (client, channel, key) = await CallerAsync("opener");
        using var _ = client;
        var (answers, _) = await BurstAsync(client, channel, key, Attempts);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 5; i++)
            (await client.PostAsync("/api/sessions", new JsonObject { ["channel_code"] = channel })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnotherKey_IsNotThrottled_WhenOneKeyIs()
    {
        var (noisy, channel, key) = await CallerAsync("noisy");
        using var _ = noisy;
        var (quiet, quietChannel, quietKey) = await CallerAsync("quiet");
        using var __ = quiet;
        var (answers, _) = await BurstAsync(noisy, channel, key, Attempts);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.TooManyRequests);

        for (var i = 0; i < TightRateSettings.Burst; i++)
            (await quiet.ModifyAsync(quietChannel, quietKey, Ops.SetData("n", i))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Modify_PassesAgain_AfterRetryAfter()
    {
        var (client, channel, key) = await CallerAsync("patient");
        using var _ = client;
        var (answers, _) = await BurstAsync(client, channel, key, Attempts);
        var limited = answers.Last(a => a.Status == HttpStatusCode.TooManyRequests);
        var wait = int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);

        await Task.Delay(TimeSpan.FromSeconds(wait) + TimeSpan.FromMilliseconds(200));

        (await client.ModifyAsync(channel, key, Ops.SetData("after", "wait"))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Commit_HasABucketOfItsOwn()
    {
        var (client, channel, _) = await CallerAsync("committer");
        using var _ = client;
        var answers = new List<ApiResponse>();
        var clock = Stopwatch.StartNew();

        // Empty sessions: each commit is refused (409 empty_session) after passing the limiter, or limited.
        for (var i = 0; i < Attempts; i++)
            answers.Add(await client.CommitAsync(channel, (await client.OpenSessionAsync(channel)).Get<string>("session_key")));

        var mostAllowed = TightRateSettings.Burst + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) * TightRateSettings.PermitsPerSecond + 1;
        Assert.All(answers, a => Assert.True(a.ErrorCode is "empty_session" or "rate_limited", $"{(int)a.Status} {a.Raw}"));
        Assert.InRange(answers.Count(a => a.ErrorCode == "empty_session"), TightRateSettings.Burst, mostAllowed);
        Assert.All(answers.Where(a => a.ErrorCode == "rate_limited"), AssertRateLimited);
    }
}

public sealed class SqliteRateLimitTests(SqliteTightRateApp app) : RateLimitTests(app), IClassFixture<SqliteTightRateApp>;

public sealed class PostgresRateLimitTests(PostgresTightRateApp app) : RateLimitTests(app), IClassFixture<PostgresTightRateApp>;

/// <summary><c>Omniman:RateLimits:Enabled=false</c> turns the buckets off, however small they are.</summary>
public abstract class RateLimitsOffTests(OmnimanApp app)
{
    [Fact]
    public async Task Modify_IsNeverThrottled_WhenRateLimitsAreOff()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("rloff");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");

        for (var i = 0; i < 8; i++) (await admin.ModifyAsync(channel, key, Ops.SetData("n", i))).Expect(HttpStatusCode.OK);
    }
}

public sealed class SqliteRateLimitsOffTests(SqliteRateLimitsOffApp app) : RateLimitsOffTests(app), IClassFixture<SqliteRateLimitsOffApp>;

public sealed class PostgresRateLimitsOffTests(PostgresRateLimitsOffApp app) : RateLimitsOffTests(app), IClassFixture<PostgresRateLimitsOffApp>;
