using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Cluster;

/// <summary>Settings both nodes share: Redis, and caches long enough that only an invalidation explains a quick change.</summary>
internal static class ClusterSettings
{
    public static IEnumerable<KeyValuePair<string, string>> For(string prefix) =>
    [
        new("ConnectionStrings:Redis", RedisServer.Configuration),
        new("Omniman:Redis:Prefix", prefix),
        new("Omniman:Auth:CacheSeconds", "300"),
        new("Omniman:ChannelCacheSeconds", "300"),
        new("Omniman:Pricing:CacheSeconds", "300"),
    ];
}

/// <summary>The first node: it makes the database.</summary>
public sealed class FirstNode(string prefix) : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ClusterSettings.For(prefix);
}

/// <summary>Another process of the same deployment: same database, same Redis.</summary>
public sealed class OtherNode(string connectionString, string prefix) : OmnimanApp
{
    public override string Provider => "Postgres";
    protected override string ConnectionString => connectionString;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ClusterSettings.For(prefix);
}

/// <summary>Two API processes on one PostgreSQL database sharing Redis, as behind a load balancer.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    // Each run its own key space, so runs side by side on one Redis never see each other.
    private readonly string _prefix = $"omniman-test-{Guid.NewGuid():N}:";

    public FirstNode A { get; private set; } = null!;
    public OtherNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await RedisServer.EnsureReachableAsync();
        A = new FirstNode(_prefix);
        await A.InitializeAsync();
        _ = A.Server;   // starts it: the database is migrated before the second node starts
        B = new OtherNode(A.DatabaseConnection, _prefix);
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

/// <summary>
/// Caches stay correct across processes (issue 20): a write on one node is seen by the other within
/// a second although both cache for five minutes, because the invalidation travels through Redis.
/// </summary>
public sealed class CacheInvalidationTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    /// <summary>Asks until <paramref name="seen"/> holds; returns how long it took, or fails after <see cref="Within"/>.</summary>
    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> seen, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await seen())
        {
            if (clock.Elapsed > Within) Assert.Fail($"The other node still did not see {what} after {clock.Elapsed.TotalMilliseconds:F0} ms.");
            await Task.Delay(25);
        }
        return clock.Elapsed;
    }

    [Fact]
    public async Task KeyRevokedOnOneNode_IsRefusedByTheOtherWithinASecond()
    {
        using var adminA = nodes.A.Admin();
        var created = (await adminA.PostAsync("/api/keys", new JsonObject { ["name"] = "till-2", ["scopes"] = new JsonArray("orders:read") }))
            .Expect(HttpStatusCode.Created).Json;
        using var onB = nodes.B.Client(created["secret"]!.GetValue<string>());
        (await onB.GetAsync("/api/orders")).Expect(HttpStatusCode.OK);   // B has the key cached now

        (await adminA.DeleteAsync($"/api/keys/{created["id"]}")).Expect(HttpStatusCode.NoContent);

        await UntilAsync(async () => (await onB.GetAsync("/api/orders")).Status == HttpStatusCode.Unauthorized, "the revocation");
    }

    [Fact]
    public async Task ChannelConfigChangedOnOneNode_IsUsedByTheOtherWithinASecond()
    {
        using var adminA = nodes.A.Admin();
        using var adminB = nodes.B.Admin();
        var channel = await adminA.CreateChannelAsync("cl");
        var key = (await adminB.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await adminB.ModifyAsync(channel, key, Scenario.AddLine("SKU-1", 1))).Expect(HttpStatusCode.OK);   // B has the channel cached now
        async Task<int> ChecksAsync() =>
            (await adminB.GetAsync($"/api/directives?topic=stock.hold&correlation=session:{channel}:{key}")).Expect(HttpStatusCode.OK)
                .Json["results"]!.AsArray().Count;
        Assert.Equal(0, await ChecksAsync());

        // Now the channel asks for a stock check on every change.
        (await adminA.PutAsync($"/api/channels/{channel}", new JsonObject
        {
            ["name"] = "Counter", ["pricing_policy"] = "internal", ["edit_policy"] = "open",
            ["config"] = new JsonObject { ["required_checks_on_commit"] = new JsonArray("stock") },
        })).Expect(HttpStatusCode.OK);

        await UntilAsync(async () =>
        {
            (await adminB.ModifyAsync(channel, key, Scenario.AddLine("SKU-1", 1))).Expect(HttpStatusCode.OK);
            return await ChecksAsync() > 0;
        }, "the channel's new config");
    }

    [Fact]
    public async Task ProductRepricedOnOneNode_IsQuotedByTheOtherWithinASecond()
    {
        using var adminA = nodes.A.Admin();
        using var adminB = nodes.B.Admin();
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        (await adminA.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Espresso", ["price_q"] = 500 })).Expect(HttpStatusCode.Created);
        var channel = await adminA.CreateChannelAsync("cp", pricingPolicy: "external");
        async Task<long> QuoteOnBAsync()
        {
            var key = (await adminB.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
            var session = (await adminB.ModifyAsync(channel, key, Scenario.AddLine(sku, 1, unitPriceQ: null))).Expect(HttpStatusCode.OK).Json;
            return session["items"]![0]!["unit_price_q"]!.GetValue<long>();
        }
        Assert.Equal(500, await QuoteOnBAsync());   // B (and Redis) have the price cached now

        (await adminA.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Espresso", ["price_q"] = 650 })).Expect(HttpStatusCode.OK);

        await UntilAsync(async () => await QuoteOnBAsync() == 650, "the new price");
    }
}

/// <summary>A node configured for a Redis that does not answer.</summary>
public sealed class NodeWithRedisAway : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=500"),
        new("Omniman:Redis:Prefix", $"omniman-test-{Guid.NewGuid():N}:"),
    ];
}

/// <summary>Redis is a cache: with it away a process starts, and its writes and prices work, only slower to reach the others.</summary>
public sealed class RedisAwayTests(NodeWithRedisAway node) : IClassFixture<NodeWithRedisAway>
{
    [Fact]
    public async Task WritesThatInvalidate_AndCatalogPrices_WorkWhileRedisIsAway()
    {
        using var admin = node.Admin();
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Tea", ["price_q"] = 300 })).Expect(HttpStatusCode.Created);
        (await admin.PutAsync($"/api/products/{sku}", new JsonObject { ["name"] = "Tea", ["price_q"] = 350 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("ra", pricingPolicy: "external");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        var session = (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 1, unitPriceQ: null))).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(350, session["items"]![0]!["unit_price_q"]!.GetValue<long>());

        var created = (await admin.PostAsync("/api/keys", new JsonObject { ["name"] = "till", ["scopes"] = new JsonArray("orders:read") }))
            .Expect(HttpStatusCode.Created).Json;
        (await admin.DeleteAsync($"/api/keys/{created["id"]}")).Expect(HttpStatusCode.NoContent);
        using var revoked = node.Client(created["secret"]!.GetValue<string>());
        (await revoked.GetAsync("/api/orders")).Expect(HttpStatusCode.Unauthorized);
    }
}
