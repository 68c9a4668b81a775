using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Cluster;

/// <summary>The primary, its lists read from another database standing in for its replica.</summary>
public sealed class PrimaryWithReplica(string replicaConnection) : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("ConnectionStrings:OmnimanReadOnly", replicaConnection)];
}

/// <summary>
/// A database with Omniman's schema and an order of its own, standing in for a replica: what the
/// primary's lists show tells which database they read.
/// </summary>
public sealed class ReplicaStandIn : IAsyncLifetime
{
    public PostgresApp Replica { get; } = new();
    public PrimaryWithReplica Primary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Replica.InitializeAsync();
        _ = Replica.Server;   // migrated
        Primary = new PrimaryWithReplica(Replica.DatabaseConnection);
        await Primary.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Primary.DisposeAsync();
        await Replica.DisposeAsync();
    }
}

/// <summary>Lists read from the replica, reads by key from the primary, and a replica gone sends lists back to the primary (issue 20).</summary>
public sealed class ReadReplicaTests(ReplicaStandIn cluster) : IClassFixture<ReplicaStandIn>
{
    private static async Task<IReadOnlyList<string>> ListedAsync(ApiClient client, string url) =>
        [.. (await client.GetAsync(url)).Expect(HttpStatusCode.OK).Json["results"]!.AsArray().Select(o => o!["ref"]!.GetValue<string>())];

    [Fact]
    public async Task ListsReadTheReplica_ReadsByKeyThePrimary_AndTheReplicaGoneSendsListsBack()
    {
        using var primary = cluster.Primary.Admin();
        using var replica = cluster.Replica.Admin();
        var (_, _, written) = await primary.CommittedOrderAsync();
        var (_, _, onReplica) = await replica.CommittedOrderAsync();

        // The list comes from the replica (which has not got the new order yet); the order by its ref from the primary.
        Assert.Equal([onReplica], await ListedAsync(primary, "/api/orders"));
        Assert.Equal([onReplica], [.. (await primary.GetAsync("/api/orders/stream")).Expect(HttpStatusCode.OK).Json["orders"]!.AsArray()
            .Select(o => o!["ref"]!.GetValue<string>())]);
        (await primary.GetAsync($"/api/orders/{written}")).Expect(HttpStatusCode.OK);

        // The replica goes away: lists read from the primary again, within a probe's interval.
        await using (var admin = new NpgsqlConnection(PostgresApp.ServerConnection))
        {
            await admin.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(cluster.Replica.DatabaseConnection).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        var until = DateTime.UtcNow.AddSeconds(Persistence.ReadReplica.ProbeSeconds * 2);
        IReadOnlyList<string> listed = [];
        while (DateTime.UtcNow < until)
        {
            var answer = await primary.GetAsync("/api/orders");
            if (answer.Status == HttpStatusCode.OK && (listed = [.. answer.Json["results"]!.AsArray().Select(o => o!["ref"]!.GetValue<string>())]).Contains(written))
                break;
            await Task.Delay(100);
        }
        Assert.Equal([written], listed);
    }
}
