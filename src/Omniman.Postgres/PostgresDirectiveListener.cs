using Npgsql;
using Omniman.Persistence;

namespace Omniman.Postgres;

/// <summary>A dedicated connection that LISTENs for "directives were written"; reconnects after a failure.</summary>
internal sealed class PostgresDirectiveListener(string connectionString) : IDirectiveListener
{
    private NpgsqlConnection? _connection;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            var connection = _connection ??= await OpenAsync(ct);
            await connection.WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
        {
            await DisposeAsync();
            await Task.Delay(timeout, ct);   // fall back to polling until the connection is back
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        // Outside the pool: LISTEN belongs to the session, and this connection lives as long as the worker.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var listen = new NpgsqlCommand($"LISTEN {PostgresDialect.DirectiveChannel}", connection);
        await listen.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
