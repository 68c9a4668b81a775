using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omniman.Directives;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;
using Omniman.Stock;

namespace Omniman.Postgres;

/// <summary>Row locks with SELECT … FOR UPDATE; claims with SKIP LOCKED; wake-ups with LISTEN/NOTIFY.</summary>
internal sealed class PostgresDialect : IDatabaseDialect
{
    public const string DirectiveChannel = "omniman_directives";

    // Single, not First: the filter is inside the SQL where EF cannot see it, and First without a
    // visible filter or order is a warning in every process's log. The unique keys make both the same.
    public Task<Session?> LockSessionAsync(OmnimanDb db, string channelCode, string sessionKey, CancellationToken ct) =>
        db.Sessions.FromSql($"SELECT * FROM sessions WHERE channel_code = {channelCode} AND session_key = {sessionKey} FOR UPDATE")
            .SingleOrDefaultAsync(ct);

    public Task<Order?> LockOrderAsync(OmnimanDb db, string orderRef, CancellationToken ct) =>
        db.Orders.FromSql($"SELECT * FROM orders WHERE ref = {orderRef} FOR UPDATE")
            .Include(o => o.Items).SingleOrDefaultAsync(ct);

    // SKIP LOCKED: concurrent workers each take rows the others have not locked, never the same one.
    public Task<List<StockLevel>> LockStockLevelsAsync(OmnimanDb db, IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        var skuArray = skus.ToArray();
        return db.StockLevels.FromSql($"SELECT * FROM stock_levels WHERE sku = ANY({skuArray}) ORDER BY sku FOR UPDATE").ToListAsync(ct);
    }

    // FOR UPDATE locks the rows of stock_levels only: the holds in the subquery are read, not locked.
    public Task<List<StockLevel>> LockStockLevelsOfHoldsAsync(OmnimanDb db, IReadOnlyCollection<string> holdIds, CancellationToken ct)
    {
        var holdIdArray = holdIds.ToArray();
        return db.StockLevels.FromSql($"""
            SELECT * FROM stock_levels
             WHERE sku IN (SELECT sku FROM stock_holds WHERE hold_id = ANY({holdIdArray}) AND status <> {StockHoldStatuses.Fulfilled})
             ORDER BY sku FOR UPDATE
            """).ToListAsync(ct);
    }

    // Two ordered index scans, each stopping at the batch's size: lapsed leases (rare: a worker
    // died) first, then queued rows in due order from the partial ix_directives_due. One OR over
    // both needed a bitmap scan and a sort of every candidate, dead index entries included, and
    // cost a claim 2.5 ms under load. SKIP LOCKED: concurrent claims take disjoint rows.
    public Task<List<Directive>> ClaimDirectivesAsync(OmnimanDb db, IReadOnlyCollection<string> topics, DirectiveClaim claim, CancellationToken ct)
    {
        var topicArray = topics.ToArray();
        return db.Directives.FromSql($"""
            WITH lapsed AS (
                   SELECT id FROM directives
                    WHERE status = 'running' AND lease_expires_at <= {claim.NowUtc} AND attempts < {claim.MaxAttempts}
                      AND topic = ANY({topicArray})
                    ORDER BY lease_expires_at
                    LIMIT {claim.Limit}
                      FOR UPDATE SKIP LOCKED),
                 due AS (
                   SELECT id FROM directives
                    WHERE status = 'queued' AND available_at <= {claim.NowUtc} AND topic = ANY({topicArray})
                    ORDER BY available_at, id
                    LIMIT {claim.Limit}
                      FOR UPDATE SKIP LOCKED)
            UPDATE directives AS d
               SET status = 'running', attempts = d.attempts + 1, started_at = {claim.NowUtc},
                   updated_at = {claim.NowUtc}, lease_expires_at = {claim.LeaseUntil}
             WHERE d.id IN (SELECT id FROM lapsed UNION ALL SELECT id FROM due LIMIT {claim.Limit})
            RETURNING d.*
            """).AsNoTracking().ToListAsync(ct);
    }

    public IDirectiveListener CreateDirectiveListener(string connectionString) => new PostgresDirectiveListener(connectionString);

    public bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // SQLSTATE class 22 is "data exception": string too long, numeric out of range, NUL in text or jsonb.
    public bool IsRefusedValue(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: var state } && state.StartsWith("22", StringComparison.Ordinal);
}
