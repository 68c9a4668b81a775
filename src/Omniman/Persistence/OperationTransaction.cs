using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Omniman.Persistence;

/// <summary>
/// The transaction of an operation that a directive's handler may also call: it begins one when
/// none is open, and otherwise joins the caller's and commits nothing, so the directive's
/// transaction decides for both.
/// </summary>
internal sealed class OperationTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;

    private OperationTransaction(IDbContextTransaction? owned) => _owned = owned;

    public static async Task<OperationTransaction> BeginOrJoinAsync(DatabaseFacade database, CancellationToken ct) =>
        new(database.CurrentTransaction is null ? await database.BeginTransactionAsync(ct) : null);

    public Task CommitAsync(CancellationToken ct) => _owned?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
