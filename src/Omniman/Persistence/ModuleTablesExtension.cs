using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Omniman.Persistence;

/// <summary>
/// Carries a host's module tables to <see cref="OmnimanDb"/>. EF Core caches a model per internal
/// service provider, and options whose extensions differ get different ones: two hosts in one
/// process with different modules (tests do it) each get the model of their own modules.
/// </summary>
internal sealed class ModuleTablesExtension(IReadOnlyList<ModuleTables> tables) : IDbContextOptionsExtension
{
    public IReadOnlyList<ModuleTables> Tables { get; } = tables;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(ModuleTablesExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private IEnumerable<string> Names => ((ModuleTablesExtension)Extension).Tables.Select(t => t.GetType().FullName!);

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "Modules=" + string.Join(",", ((ModuleTablesExtension)Extension).Tables.Select(t => t.Name)) + " ";

        public override int GetServiceProviderHashCode()
        {
            var hash = new HashCode();
            foreach (var name in Names) hash.Add(name, StringComparer.Ordinal);
            return hash.ToHashCode();
        }

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo info && Names.SequenceEqual(info.Names, StringComparer.Ordinal);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Omniman:Modules"] = string.Join(",", Names);
    }
}
