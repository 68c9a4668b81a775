using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>How a module's migrations context is configured, when migrating and for <c>dotnet ef</c> alike.</summary>
public static class ModuleDesignTime
{
    /// <summary>For a module's design-time factory: the options <c>dotnet ef</c> builds its migrations context with.</summary>
    public static DbContextOptions<TContext> Options<TContext>(IDatabaseProvider provider, ModuleTables tables) where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        Configure(options, provider, tables, typeof(TContext));
        return options.Options;
    }

    /// <summary>The module's migrations in its context's assembly, its history in its own table, the kernel's naming.</summary>
    internal static void Configure(DbContextOptionsBuilder options, IDatabaseProvider provider, ModuleTables tables, Type context)
    {
        provider.ConfigureMigrations(options, context.Assembly.GetName().Name!, tables.HistoryTable);
        options.UseSnakeCaseNamingConvention();
    }
}
