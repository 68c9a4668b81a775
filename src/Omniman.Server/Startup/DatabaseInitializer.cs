using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.Server.Startup;

/// <summary>
/// Before the server takes requests: migrate the schema, seed the demo channels into a new
/// database, and create the bootstrap admin key when configured.
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Two handlers for one topic is a configuration error: fail start-up, naming the topic.
        services.GetRequiredService<DirectiveHandlers>();
        await MigrateAsync(services, cancellationToken);
        if (await OnceAsync((sp, ct) => DemoData.SeedIfEmptyAsync(sp.GetRequiredService<OmnimanDb>(), sp.GetRequiredService<TimeProvider>(), ct), cancellationToken))
            logger.LogInformation("New database: demo channels pos, shop and ifood created.");
        if (await OnceAsync((sp, ct) => sp.GetRequiredService<BootstrapApiKey>().EnsureAsync(ct), cancellationToken))
            logger.LogInformation("Bootstrap admin API key created from {Setting}.", BootstrapApiKey.SettingKey);
    }

    /// <summary>
    /// Runs a create-if-missing step. Several processes starting on one database race to do it;
    /// the unique indexes let one win, and the others find it done.
    /// </summary>
    private async Task<bool> OnceAsync(Func<IServiceProvider, CancellationToken, Task<bool>> step, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await step(scope.ServiceProvider, ct);
        }
        catch (DbUpdateException ex) when (scope.ServiceProvider.GetRequiredService<IDatabaseDialect>().IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrateDatabase>().ExecuteAsync(ct);
    }
}
