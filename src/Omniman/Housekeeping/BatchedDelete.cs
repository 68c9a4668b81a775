using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Omniman.Housekeeping;

/// <summary>
/// Deletes the rows a query finds in short statements of a batch each, oldest id first, so a purge
/// of a large backlog never holds a long lock over a table the hot paths write to.
/// </summary>
internal static class BatchedDelete
{
    /// <summary>
    /// Deletes, in batches, the rows <paramref name="doomed"/> finds finished before the retention's
    /// cutoff; nothing when the retention keeps them for good (<c>Days</c> 0).
    /// </summary>
    public static Task<int> PastRetentionAsync<T, TKey>(Func<DateTime, IQueryable<T>> doomed, Expression<Func<T, TKey>> id, TimeProvider clock,
        RetentionOptions options, CancellationToken ct) where T : class =>
        options.Days <= 0
            ? Task.FromResult(0)
            : RunAsync(doomed(clock.GetUtcNow().UtcDateTime.AddDays(-options.Days)), id, options, ct);

    /// <returns>How many rows were deleted.</returns>
    public static async Task<int> RunAsync<T, TKey>(IQueryable<T> doomed, Expression<Func<T, TKey>> id, RetentionOptions options, CancellationToken ct)
        where T : class
    {
        var total = 0;
        for (var batch = 0; batch < options.MaxBatchesPerRun; batch++)
        {
            // Each batch is its own statement, and its own transaction.
            var deleted = await doomed.OrderBy(id).Take(options.BatchSize).ExecuteDeleteAsync(ct);
            total += deleted;
            if (deleted < options.BatchSize) break;
        }
        return total;
    }
}
