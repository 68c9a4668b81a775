using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Omniman.Persistence;

namespace Omniman.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OmnimanDb>
{
    public OmnimanDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OmnimanDb>()
        .UseSqlite("Data Source=design.db", s => s.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .UseSnakeCaseNamingConvention()
        .Options);
}
