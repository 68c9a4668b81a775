using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Omniman.Directives;
using Omniman.Sessions;

namespace Omniman.Persistence;

/// <summary>
/// After a save is durable (its transaction committed, or it had none), wakes whoever waits in
/// this process: the worker when directives were added, and the readers of each session changed.
/// Other processes hear of new directives from the database itself: on PostgreSQL a trigger on
/// <c>directives</c> sends NOTIFY in the inserting transaction.
/// </summary>
internal sealed class WakeAfterCommitInterceptor(DirectiveSignal directives, SessionWaits sessions) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public bool Directives;
        public HashSet<(string Channel, string Key)> Sessions { get; } = [];
    }

    private static readonly ConditionalWeakTable<DbContext, Pending> Saved = [];

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

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context) Wake(context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) Wake(context);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) Saved.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Notes added directives and every tracked session. This runs before the save detects which
    /// properties changed, and detecting them here would make every save do it twice; so a session
    /// tracked but unchanged is pulsed too, which costs its waiters (if any) one read.
    /// </summary>
    private static void Mark(DbContext? context)
    {
        if (context is null) return;
        var tracker = context.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries())
            {
                if (entry.Entity is Directive && entry.State == EntityState.Added) Saved.GetValue(context, _ => new Pending()).Directives = true;
                else if (entry.Entity is Session session && entry.State is not EntityState.Deleted)
                    Saved.GetValue(context, _ => new Pending()).Sessions.Add((session.ChannelCode, session.SessionKey));
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private void Wake(DbContext context)
    {
        if (!Saved.TryGetValue(context, out var pending)) return;
        Saved.Remove(context);
        if (pending.Directives) directives.Wake();
        foreach (var (channel, key) in pending.Sessions) sessions.Pulse(channel, key);
    }
}
