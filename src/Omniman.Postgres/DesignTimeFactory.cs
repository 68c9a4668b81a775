using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Omniman.Persistence;

namespace Omniman.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OmnimanDb>
{
    public OmnimanDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OmnimanDb>()
        .UseNpgsql("Host=localhost;Database=omniman_design", n => n.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .UseSnakeCaseNamingConvention()
        .Options);
}
