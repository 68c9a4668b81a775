using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>
/// The context a module's migration set is made for: the module's tables alone, with the kernel's
/// conventions, so that its migrations create exactly what <see cref="OmnimanDb"/> maps. It is used
/// to migrate and by <c>dotnet ef</c>; the module's code works through <see cref="OmnimanDb"/>.
/// </summary>
public abstract class ModuleDb(DbContextOptions options, ModuleTables tables) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        tables.Configure(modelBuilder);
        modelBuilder.UseJsonColumnType(Database.ProviderName == OmnimanModel.PostgresProvider);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        OmnimanModel.Conventions(configurationBuilder);
}
