using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>A database Omniman can run on: how to configure EF Core for it, and its dialect.</summary>
public interface IDatabaseProvider
{
    string Name { get; }
    IDatabaseDialect Dialect { get; }
    /// <summary>Configures the kernel's context, whose migrations are in the provider's own assembly.</summary>
    void Configure(DbContextOptionsBuilder options);

    /// <summary>Configures a module's migrations context: its migrations are in <paramref name="assembly"/>, its history in <paramref name="historyTable"/>.</summary>
    void ConfigureMigrations(DbContextOptionsBuilder options, string assembly, string historyTable);
}
