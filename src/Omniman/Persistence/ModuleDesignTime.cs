using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>For a module's design-time factories: the options <c>dotnet ef</c> builds its migrations context with.</summary>
public static class ModuleDesignTime
{
    public static DbContextOptions<TContext> Options<TContext>(IDatabaseProvider provider, ModuleTables tables) where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        provider.ConfigureMigrations(options, typeof(TContext).Assembly.GetName().Name!, tables.HistoryTable);
        options.UseSnakeCaseNamingConvention();
        return options.Options;
    }
}
