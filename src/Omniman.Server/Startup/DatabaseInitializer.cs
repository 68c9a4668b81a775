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
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        if (await DemoData.SeedIfEmptyAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken))
            logger.LogInformation("New database: demo channels pos, shop and ifood created.");
        if (await scope.ServiceProvider.GetRequiredService<BootstrapApiKey>().EnsureAsync(cancellationToken))
            logger.LogInformation("Bootstrap admin API key created from {Setting}.", BootstrapApiKey.SettingKey);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OmnimanDb>().Database.MigrateAsync(ct);
    }
}
