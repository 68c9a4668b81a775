using Npgsql;
using Omniman.Persistence;

namespace Omniman.Postgres;

/// <summary>
/// One dedicated connection that LISTENs for "directives were written" for as long as the worker
/// runs, and reconnects after a failure. Only this loop ever uses the connection.
/// </summary>
internal sealed class PostgresDirectiveListener(string connectionString) : IDirectiveListener
{
    /// <summary>The listening connection's application name, as <c>pg_stat_activity</c> shows it.</summary>
    public const string ApplicationName = "omniman-listener";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    public async Task ListenAsync(Action notified, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenAsync(ct);
                connection.Notification += (_, _) => notified();
                notified();   // whatever was written while nobody listened
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                // The worker polls meanwhile; listen again once the database is back.
                await Task.Delay(ReconnectDelay, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        // Outside the pool: LISTEN belongs to the session, and this connection lives as long as the worker.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = ApplicationName,
            KeepAlive = 30,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var listen = new NpgsqlCommand($"LISTEN {PostgresDialect.DirectiveChannel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
