using Omniman.Directives;
using Omniman.Orders;
using Omniman.Sessions;
using Omniman.Stock;

namespace Omniman.Persistence;

/// <summary>What differs between the embedded SQLite and PostgreSQL: row locks, claims, wake-ups, constraint errors.</summary>
public interface IDatabaseDialect
{
    /// <summary>
    /// Loads a session for a read-modify-write inside the current transaction, locked against
    /// concurrent writers (FOR UPDATE on PostgreSQL; SQLite's write transaction already excludes them).
    /// </summary>
    Task<Session?> LockSessionAsync(OmnimanDb db, string channelCode, string sessionKey, CancellationToken ct);

    /// <summary>Loads an order with its items for a status change, locked like a session.</summary>
    Task<Order?> LockOrderAsync(OmnimanDb db, string orderRef, CancellationToken ct);

    /// <summary>
    /// Loads the stock levels of these SKUs locked, in SKU order so that two lockers never wait on
    /// each other in a circle: holds and fulfilments of one SKU serialize. Untracked SKUs are absent.
    /// </summary>
    Task<List<StockLevel>> LockStockLevelsAsync(OmnimanDb db, IReadOnlyCollection<string> skus, CancellationToken ct);

    /// <summary>
    /// As <see cref="LockStockLevelsAsync"/>, for the SKUs these holds reserve and have not yet
    /// fulfilled, in the one statement that finds them.
    /// </summary>
    Task<List<StockLevel>> LockStockLevelsOfHoldsAsync(OmnimanDb db, IReadOnlyCollection<string> holdIds, CancellationToken ct);

    /// <summary>
    /// Atomically marks up to <c>claim.Limit</c> due directives of the given topics as running
    /// under a lease and returns them: queued ones whose time has come, and running ones whose lease
    /// lapsed (their worker died) with attempts left. No two workers ever claim the same row.
    /// </summary>
    Task<List<Directive>> ClaimDirectivesAsync(OmnimanDb db, IReadOnlyCollection<string> topics, DirectiveClaim claim, CancellationToken ct);

    /// <summary>A listener for other processes' notifications, or null where the database has none.</summary>
    IDirectiveListener? CreateDirectiveListener(string connectionString);

    /// <summary>True when the failure is a unique index refusing a duplicate.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// True when the database refused a value the client sent (too long, out of range, a character
    /// it cannot store such as NUL on PostgreSQL): bad input, not a fault of the server.
    /// </summary>
    bool IsRefusedValue(Exception exception);
}

/// <summary>The terms of one claim: the time, the lease it grants, the batch size, the attempt limit.</summary>
public sealed record DirectiveClaim(DateTime NowUtc, DateTime LeaseUntil, int Limit, int MaxAttempts);

/// <summary>Hears "directives were written" from other processes.</summary>
public interface IDirectiveListener
{
    /// <summary>
    /// Calls <paramref name="notified"/> on every notification (and once on each connect, for
    /// what was written while nobody listened) until cancelled; survives database failures.
    /// </summary>
    Task ListenAsync(Action notified, CancellationToken ct);
}
