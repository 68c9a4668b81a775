using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Directives;

/// <summary>The cross-process wake-up: one LISTEN connection for the worker's life, back after a failure.</summary>
public sealed class PostgresDirectiveListenerTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Listener_HearsEveryNotify_OnOneConnection_AndListensAgainAfterItDies()
    {
        var (dialect, connectionString) = await DatabaseAsync();
        var listener = dialect.CreateDirectiveListener(connectionString)!;
        var heard = new SemaphoreSlim(0);
        using var stop = new CancellationTokenSource();
        var listening = listener.ListenAsync(() => heard.Release(), stop.Token);
        await using var peer = new NpgsqlConnection(connectionString);
        await peer.OpenAsync();

        Assert.True(await heard.WaitAsync(Patience), "connecting wakes the worker once");
        var backend = await ListenerBackendAsync(peer);
        for (var i = 0; i < 5; i++)
        {
            await NotifyAsync(peer);
            Assert.True(await heard.WaitAsync(Patience), $"notification {i + 1} was heard");
        }
        Assert.Equal(backend, await ListenerBackendAsync(peer));

        // With a timeout, pg_terminate_backend returns once the backend is gone: a NOTIFY sent before
        // that could still reach the old connection and pass for a new one.
        await using (var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({backend}, 10000)", peer)) await kill.ExecuteScalarAsync();
        int? again = null;
        for (var waited = TimeSpan.Zero; again is null && waited < Patience; waited += TimeSpan.FromMilliseconds(100))
        {
            if (await ListenerBackendsAsync(peer) is [var pid] && pid != backend) again = pid;
            else await Task.Delay(100);
        }
        Assert.True(again is not null, "the listener connected again after its connection was terminated");

        // Whatever the old connection heard came before it failed, and a second later this one opened.
        while (heard.CurrentCount > 0) await heard.WaitAsync(0);
        var woken = false;
        for (var waited = TimeSpan.Zero; !woken && waited < Patience; waited += TimeSpan.FromMilliseconds(200))
        {
            await NotifyAsync(peer);
            woken = await heard.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        Assert.True(woken, "the new connection is listening");
        // It woke the worker on connecting, after its LISTEN: from here on, a notification must reach it.
        while (heard.CurrentCount > 0) await heard.WaitAsync(0);
        await NotifyAsync(peer);
        Assert.True(await heard.WaitAsync(Patience), "the new connection hears a notification");
        Assert.Equal(again, await ListenerBackendAsync(peer));

        await stop.CancelAsync();
        await listening.WaitAsync(Patience);
    }

    [Fact]
    public async Task WritingADirective_NotifiesListeners_WhenItsTransactionCommits()
    {
        var (dialect, connectionString) = await DatabaseAsync();
        var heard = new SemaphoreSlim(0);
        using var stop = new CancellationTokenSource();
        var listening = dialect.CreateDirectiveListener(connectionString)!.ListenAsync(() => heard.Release(), stop.Token);
        Assert.True(await heard.WaitAsync(Patience), "connecting wakes the worker once");

        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("notify", new JsonObject { ["required_checks_on_commit"] = new JsonArray("stock") });
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        Assert.False(await heard.WaitAsync(TimeSpan.FromMilliseconds(300)), "opening a session writes no directive");
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("NOTIFY-1", 1, 100))).Expect(HttpStatusCode.OK);
        Assert.True(await heard.WaitAsync(Patience), "the stock check directive was announced");

        await stop.CancelAsync();
        await listening.WaitAsync(Patience);
    }

    private Task<(IDatabaseDialect Dialect, string ConnectionString)> DatabaseAsync() => app.InScopeAsync(sp => Task.FromResult(
        (sp.GetRequiredService<IDatabaseDialect>(), sp.GetRequiredService<OmnimanDb>().Database.GetConnectionString()!)));

    private static async Task NotifyAsync(NpgsqlConnection peer)
    {
        await using var notify = new NpgsqlCommand("NOTIFY omniman_directives", peer);
        await notify.ExecuteNonQueryAsync();
    }

    private static async Task<int> ListenerBackendAsync(NpgsqlConnection peer) => Assert.Single(await ListenerBackendsAsync(peer));

    private static async Task<List<int>> ListenerBackendsAsync(NpgsqlConnection peer)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'omniman-listener'", peer);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }
}
