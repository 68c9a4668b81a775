using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Omniman.Persistence;

namespace Omniman.Postgres;

/// <summary>
/// Keeps a refused value from breaking the connection it was sent on. When PostgreSQL refuses a
/// parameter (a data exception: too long, a NUL byte, a bad escape) in the very execution that
/// auto-prepares its statement, Npgsql 10 keeps that statement marked as prepared, and the next
/// execution of it on that pooled connection fails with "Received unexpected backend message" for
/// whichever request draws the connection (npgsql/npgsql#6391). Such a connection drops its
/// prepared statements before it goes back to the pool, once its transaction has ended; a
/// unique violation and other errors raised while executing leave them intact and are not counted.
/// </summary>
internal sealed class PreparedStatementRepair(IDatabaseDialect dialect) : DbCommandInterceptor, IDbConnectionInterceptor
{
    private static readonly object Marked = new();
    private readonly ConditionalWeakTable<DbConnection, object> _refused = [];

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Note(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Note(command, eventData.Exception);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        Repaired(connection, result);

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(Repaired(connection, result));

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        Repaired(connection, result);

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(Repaired(connection, result));

    private void Note(DbCommand command, Exception exception)
    {
        if (command.Connection is { } connection && dialect.IsRefusedValue(exception)) _refused.AddOrUpdate(connection, Marked);
    }

    // Every close passes here: the lookup takes no lock, and only a marked connection goes further.
    private InterceptionResult Repaired(DbConnection connection, InterceptionResult result)
    {
        if (_refused.TryGetValue(connection, out _) && _refused.Remove(connection)
            && connection is NpgsqlConnection { State: System.Data.ConnectionState.Open } npgsql) Unprepare(npgsql);
        return result;
    }

    // Npgsql has no asynchronous UnprepareAll; this runs only after a refused value, one round trip.
    private static void Unprepare(NpgsqlConnection connection)
    {
        try
        {
            connection.UnprepareAll();
        }
        catch (NpgsqlException)
        {
            // Still inside a failed transaction, or the connection broke: the pool must not hand it out again.
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
