using Omniman.Orders;
using Omniman.Sessions;

namespace Omniman.Persistence;

/// <summary>What differs between the embedded SQLite and PostgreSQL: row locks and constraint errors.</summary>
public interface IDatabaseDialect
{
    /// <summary>
    /// Loads a session for a read-modify-write inside the current transaction, locked against
    /// concurrent writers (FOR UPDATE on PostgreSQL; SQLite's write transaction already excludes them).
    /// </summary>
    Task<Session?> LockSessionAsync(OmnimanDb db, string channelCode, string sessionKey, CancellationToken ct);

    /// <summary>Loads an order with its items for a status change, locked like a session.</summary>
    Task<Order?> LockOrderAsync(OmnimanDb db, string orderRef, CancellationToken ct);

    /// <summary>True when the failure is a unique index refusing a duplicate.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// True when the database refused a value the client sent (too long, out of range, a character
    /// it cannot store such as NUL on PostgreSQL): bad input, not a fault of the server.
    /// </summary>
    bool IsRefusedValue(Exception exception);
}
