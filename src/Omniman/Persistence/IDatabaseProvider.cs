using Microsoft.EntityFrameworkCore;

namespace Omniman.Persistence;

/// <summary>A database Omniman can run on: how to configure EF Core for it, and its dialect.</summary>
public interface IDatabaseProvider
{
    string Name { get; }
    IDatabaseDialect Dialect { get; }
    void Configure(DbContextOptionsBuilder options);
}
