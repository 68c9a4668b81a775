using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Omniman.Sqlite;

/// <summary>
/// busy_timeout first, so a writer waits for the lock rather than failing at once; foreign keys
/// are off in SQLite unless asked for. WAL (readers beside the one writer) is a property of the
/// file: it is switched on by the first connection and stays on.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string EveryConnection = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
    private const string FirstConnection = EveryConnection + " PRAGMA journal_mode=WAL;";
    private volatile bool _walOn;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _walOn ? EveryConnection : FirstConnection;
        command.ExecuteNonQuery();
        _walOn = true;
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _walOn ? EveryConnection : FirstConnection;
        await command.ExecuteNonQueryAsync(cancellationToken);
        _walOn = true;
    }
}
