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
