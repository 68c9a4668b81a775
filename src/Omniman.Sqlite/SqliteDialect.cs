using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;
using Omniman.Stock;

namespace Omniman.Sqlite;

/// <summary>
/// SQLite has no row locks: its write transactions (BEGIN IMMEDIATE, as EF opens them) exclude
/// every other writer, so a plain read inside one is already a locked read, and one UPDATE is an
/// atomic claim.
/// </summary>
internal sealed class SqliteDialect : IDatabaseDialect
{
    private const int ConstraintError = 19;
    private const int TooBig = 18;

    public Task<Session?> LockSessionAsync(OmnimanDb db, string channelCode, string sessionKey, CancellationToken ct) =>
        db.FindSessionAsync(channelCode, sessionKey, ct);

    public Task<Order?> LockOrderAsync(OmnimanDb db, string orderRef, CancellationToken ct) =>
        db.Orders.Include(o => o.Items).FirstOrDefaultAsync(o => o.Ref == orderRef, ct);

    public Task<List<StockLevel>> LockStockLevelsAsync(OmnimanDb db, IReadOnlyCollection<string> skus, CancellationToken ct) =>
        db.StockLevels.Where(l => skus.Contains(l.Sku)).OrderBy(l => l.Sku).ToListAsync(ct);

    public Task<List<StockLevel>> LockStockLevelsOfHoldsAsync(OmnimanDb db, IReadOnlyCollection<string> holdIds, CancellationToken ct) =>
        db.StockLevels
            .Where(l => db.StockHolds.Any(h => h.Sku == l.Sku && holdIds.Contains(h.HoldId) && h.Status != StockHoldStatuses.Fulfilled))
            .OrderBy(l => l.Sku).ToListAsync(ct);

    // Lapsed leases first, then queued rows in due order from the partial ix_directives_due, as on
    // PostgreSQL: each branch an ordered index scan that stops at the batch's size.
    public Task<List<Directive>> ClaimDirectivesAsync(OmnimanDb db, IReadOnlyCollection<string> topics, DirectiveClaim claim, CancellationToken ct)
    {
        var topicJson = JsonSerializer.Serialize(topics);
        return db.Directives.FromSql($"""
            UPDATE directives
               SET status = 'running', attempts = attempts + 1, started_at = {claim.NowUtc},
                   updated_at = {claim.NowUtc}, lease_expires_at = {claim.LeaseUntil}
             WHERE id IN (
                   SELECT id FROM (
                          SELECT id FROM directives
                           WHERE status = 'running' AND lease_expires_at <= {claim.NowUtc} AND attempts < {claim.MaxAttempts}
                             AND topic IN (SELECT value FROM json_each({topicJson}))
                           ORDER BY lease_expires_at
                           LIMIT {claim.Limit})
                   UNION ALL
                   SELECT id FROM (
                          SELECT id FROM directives
                           WHERE status = 'queued' AND available_at <= {claim.NowUtc}
                             AND topic IN (SELECT value FROM json_each({topicJson}))
                           ORDER BY available_at, id
                           LIMIT {claim.Limit})
                   LIMIT {claim.Limit})
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
    }

    public IDirectiveListener? CreateDirectiveListener(string connectionString) => null;

    public bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is SqliteException { SqliteErrorCode: ConstraintError } sqlite
        && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal);

    public bool IsRefusedValue(Exception exception) =>
        exception.GetBaseException() is SqliteException { SqliteErrorCode: TooBig };
}
