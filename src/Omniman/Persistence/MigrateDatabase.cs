using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>
/// Brings the database to the code's schema: the kernel's migrations first, then each module's,
/// in the order the modules were added, each set with its own history table.
/// </summary>
public sealed class MigrateDatabase(OmnimanDb db, IDatabaseProvider provider, IEnumerable<ModuleTables> modules, IServiceProvider services)
{
    public async Task ExecuteAsync(CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        foreach (var module in modules)
        {
            await using var moduleDb = ModuleContext(module);
            await moduleDb.Database.MigrateAsync(ct);
        }
    }

    /// <summary>The migrations the database lacks, the kernel's and every module's; empty when it is up to date.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        foreach (var module in modules)
        {
            await using var moduleDb = ModuleContext(module);
            pending.AddRange(await moduleDb.Database.GetPendingMigrationsAsync(ct));
        }
        return pending;
    }

    private DbContext ModuleContext(ModuleTables module)
    {
        var type = module.MigrationsContext(provider.Name);
        var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))!;
        ModuleDesignTime.Configure(options, provider, module, type);
        // The host's logging and the kernel context's warnings, so a module's migration reports the same way.
        OmnimanBuilder.QuietFailures(options.UseApplicationServiceProvider(services));
        return (DbContext)Activator.CreateInstance(type, options.Options)!;
    }
}
