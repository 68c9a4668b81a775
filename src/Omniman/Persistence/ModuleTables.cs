using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>
/// A module's tables (docs/concepts.md, Modules). Their entity configurations are mapped into
/// <see cref="OmnimanDb"/>, so the module's rows change in the kernel's transactions, with the
/// session or order they belong to; the kernel's migrations leave them out. The module's own
/// migration set creates them: one <see cref="ModuleDb"/> per provider, with a history table of its
/// own, run after the kernel's. A module refers to kernel rows by their keys (a session key, an
/// order ref), not by navigations, so its migrations never touch a kernel table.
/// </summary>
public abstract class ModuleTables
{
    /// <summary>The module's name, lower case: its migration history table is <c>__EFMigrationsHistory_{Name}</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Maps the module's entities, as an <c>OnModelCreating</c> would.</summary>
    public abstract void Configure(ModelBuilder modelBuilder);

    /// <summary>
    /// The <see cref="ModuleDb"/> whose migration set creates the tables on a provider
    /// (<see cref="IDatabaseProvider.Name"/>: <c>Sqlite</c>, <c>Postgres</c>); its assembly holds the migrations.
    /// </summary>
    public abstract Type MigrationsContext(string provider);

    public string HistoryTable => "__EFMigrationsHistory_" + Name;
}
