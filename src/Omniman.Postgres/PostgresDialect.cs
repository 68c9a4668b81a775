using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Postgres;

/// <summary>Row locks with SELECT … FOR UPDATE: concurrent writers of one session or order queue on its row.</summary>
internal sealed class PostgresDialect : IDatabaseDialect
{
    public Task<Session?> LockSessionAsync(OmnimanDb db, string channelCode, string sessionKey, CancellationToken ct) =>
        db.Sessions.FromSql($"SELECT * FROM sessions WHERE channel_code = {channelCode} AND session_key = {sessionKey} FOR UPDATE")
            .FirstOrDefaultAsync(ct);

    public Task<Order?> LockOrderAsync(OmnimanDb db, string orderRef, CancellationToken ct) =>
        db.Orders.FromSql($"SELECT * FROM orders WHERE ref = {orderRef} FOR UPDATE")
            .Include(o => o.Items).FirstOrDefaultAsync(ct);

    public bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // SQLSTATE class 22 is "data exception": string too long, numeric out of range, NUL in text or jsonb.
    public bool IsRefusedValue(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: var state } && state.StartsWith("22", StringComparison.Ordinal);
}
