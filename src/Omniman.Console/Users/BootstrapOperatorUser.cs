using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Users;

/// <summary>
/// At start, after the database is migrated: the admin named by <c>Omniman:Console:BootstrapUser</c>
/// with <c>BootstrapPassword</c>, when no user has that name yet. An existing user is never changed,
/// so a password changed later is not reset by a restart.
/// </summary>
internal sealed class BootstrapOperatorUser(IServiceProvider services, IOptions<ConsoleOptions> options, ILogger<BootstrapOperatorUser> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (name, password) = (options.Value.BootstrapUser, options.Value.BootstrapPassword);
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
        var key = OperatorUser.KeyOf(name);
        if (await db.Set<OperatorUser>().AnyAsync(u => u.NameKey == key, cancellationToken)) return;
        try
        {
            await scope.ServiceProvider.GetRequiredService<ManageOperatorUsers>().CreateAsync(name, OperatorRoles.Admin, password, cancellationToken);
            logger.LogInformation("Console user {User} created from {Setting}.", name, ConsoleOptions.Section + ":BootstrapUser");
        }
        catch (Common.OmnimanException ex) when (ex.Code == "user_exists")
        {
            // Another process starting on the same database created it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
