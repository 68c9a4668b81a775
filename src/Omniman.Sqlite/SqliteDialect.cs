using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Sqlite;

/// <summary>
/// SQLite has no row locks: its write transactions (BEGIN IMMEDIATE, as EF opens them) exclude
/// every other writer, so a plain read inside one is already a locked read.
/// </summary>
internal sealed class SqliteDialect : IDatabaseDialect
{
    private const int ConstraintError = 19;
    private const int TooBig = 18;

    public Task<Session?> LockSessionAsync(OmnimanDb db, string channelCode, string sessionKey, CancellationToken ct) =>
        db.Sessions.FirstOrDefaultAsync(s => s.ChannelCode == channelCode && s.SessionKey == sessionKey, ct);

    public Task<Order?> LockOrderAsync(OmnimanDb db, string orderRef, CancellationToken ct) =>
        db.Orders.Include(o => o.Items).FirstOrDefaultAsync(o => o.Ref == orderRef, ct);

    public bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is SqliteException { SqliteErrorCode: ConstraintError } sqlite
        && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal);

    public bool IsRefusedValue(Exception exception) =>
        exception.GetBaseException() is SqliteException { SqliteErrorCode: TooBig };
}
