using Omniman.Common;

namespace Omniman.Server.Startup;

/// <summary>
/// How a management command (<c>keys</c>, <c>users</c>) works straight on the database: a host without
/// the worker, the schema brought up to date, one scope for the work, and a broken rule printed as
/// <c>code: message</c> with exit code 2 instead of a stack trace.
/// </summary>
internal static class OfflineCommand
{
    public static async Task<int> RunAsync(IEnumerable<string> settings, Func<IServiceProvider, Task> work)
    {
        using var host = ServerHost.BuildWorker([.. settings], runWorker: false);
        await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider);
            return 0;
        }
        catch (OmnimanException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Code}: {ex.Message}");
            return 2;
        }
    }
}
