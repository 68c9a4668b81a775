using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.Sqlite;

namespace Omniman.OperatorConsole.Users;

/// <summary>The console's migration set on SQLite (in <c>Migrations/Sqlite</c>).</summary>
public sealed class ConsoleSqliteDb(DbContextOptions<ConsoleSqliteDb> options) : ModuleDb(options, new ConsoleTables());

/// <summary>The console's migration set on PostgreSQL (in <c>Migrations/Postgres</c>).</summary>
public sealed class ConsolePostgresDb(DbContextOptions<ConsolePostgresDb> options) : ModuleDb(options, new ConsoleTables());

/// <summary>Lets <c>dotnet ef migrations add … --context ConsoleSqliteDb</c> build the model.</summary>
internal sealed class ConsoleSqliteDesignTime : IDesignTimeDbContextFactory<ConsoleSqliteDb>
{
    public ConsoleSqliteDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<ConsoleSqliteDb>(new SqliteDatabase("Data Source=design.db"), new ConsoleTables()));
}

/// <summary>Lets <c>dotnet ef migrations add … --context ConsolePostgresDb</c> build the model.</summary>
internal sealed class ConsolePostgresDesignTime : IDesignTimeDbContextFactory<ConsolePostgresDb>
{
    public ConsolePostgresDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<ConsolePostgresDb>(new PostgresDatabase("Host=localhost;Database=omniman_design"), new ConsoleTables()));
}
