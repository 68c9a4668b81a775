using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.Sqlite;

namespace Omniman.Marketplaces;

/// <summary>The marketplaces tables' migration set on SQLite (in <c>Migrations/Sqlite</c>).</summary>
public sealed class MarketplacesSqliteDb(DbContextOptions<MarketplacesSqliteDb> options) : ModuleDb(options, new MarketplaceTables());

/// <summary>The marketplaces tables' migration set on PostgreSQL (in <c>Migrations/Postgres</c>).</summary>
public sealed class MarketplacesPostgresDb(DbContextOptions<MarketplacesPostgresDb> options) : ModuleDb(options, new MarketplaceTables());

/// <summary>Lets <c>dotnet ef migrations add … --context MarketplacesSqliteDb</c> build the model.</summary>
internal sealed class MarketplacesSqliteDesignTime : IDesignTimeDbContextFactory<MarketplacesSqliteDb>
{
    public MarketplacesSqliteDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<MarketplacesSqliteDb>(new SqliteDatabase("Data Source=design.db"), new MarketplaceTables()));
}

/// <summary>Lets <c>dotnet ef migrations add … --context MarketplacesPostgresDb</c> build the model.</summary>
internal sealed class MarketplacesPostgresDesignTime : IDesignTimeDbContextFactory<MarketplacesPostgresDb>
{
    public MarketplacesPostgresDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<MarketplacesPostgresDb>(new PostgresDatabase("Host=localhost;Database=omniman_design"), new MarketplaceTables()));
}
