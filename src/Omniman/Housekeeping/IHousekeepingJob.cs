namespace Omniman.Housekeeping;

/// <summary>A small periodic job of the worker (abandon idle sessions, purge keys, release holds...).</summary>
public interface IHousekeepingJob
{
    string Name { get; }

    /// <returns>How many rows the job changed.</returns>
    Task<int> RunAsync(CancellationToken ct);
}
