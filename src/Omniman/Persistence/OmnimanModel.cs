using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Omniman.Persistence;

/// <summary>What the kernel's model and every module's share: the conventions, and how module tables join the kernel's model.</summary>
internal static class OmnimanModel
{
    public const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static void Conventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored as UTC; SQLite hands back unspecified kinds, so they are marked UTC on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(28, 10);
    }

    /// <summary>
    /// Maps a module's tables into the kernel's model and keeps them out of the kernel's migrations,
    /// which know nothing of modules: the module's own migration set creates them.
    /// </summary>
    public static void AddModule(ModelBuilder modelBuilder, ModuleTables tables)
    {
        var kernel = modelBuilder.Model.GetEntityTypes().ToHashSet();
        tables.Configure(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => !kernel.Contains(e)))
            entity.SetIsTableExcludedFromMigrations(true);
    }

    /// <summary>The module tables an <see cref="OmnimanDb"/> was configured with (none in design-time contexts).</summary>
    public static IReadOnlyList<ModuleTables> Modules(DbContextOptions options) =>
        options.FindExtension<ModuleTablesExtension>()?.Tables ?? [];

    public static DbContextOptionsBuilder WithModules(this DbContextOptionsBuilder options, IReadOnlyList<ModuleTables> tables)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new ModuleTablesExtension(tables));
        return options;
    }
}
