using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Omniman.Directives;

namespace Omniman.Persistence;

/// <summary>
/// After a save that added directives is durable (its transaction committed, or it had none),
/// wakes this process's worker and, where the database can, every other process's too.
/// </summary>
internal sealed class DirectiveWakeInterceptor(DirectiveSignal signal, IDatabaseDialect dialect) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context) await FlushAsync(context, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context && Pending.Remove(context)) signal.Wake();
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await FlushAsync(context, cancellationToken);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && Pending.Remove(context)) signal.Wake();
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) Pending.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private static void Mark(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<Directive>().Any(e => e.State == EntityState.Added))
            Pending.AddOrUpdate(context, true);
    }

    private async Task FlushAsync(DbContext context, CancellationToken ct)
    {
        if (!Pending.Remove(context)) return;
        signal.Wake();
        // Best effort: a lost notification only means other processes find the directives at their next poll.
        try
        {
            await context.Database.OpenConnectionAsync(ct);
            try
            {
                await dialect.NotifyDirectivesAsync(context.Database.GetDbConnection(), ct);
            }
            finally
            {
                await context.Database.CloseConnectionAsync();
            }
        }
        catch (DbException)
        {
            // the poll picks them up
        }
    }
}
