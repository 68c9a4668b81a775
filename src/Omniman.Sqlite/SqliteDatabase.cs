using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Sqlite;

/// <summary>The embedded default: one SQLite file, migrated by this assembly's migration set.</summary>
public sealed class SqliteDatabase(string connectionString) : IDatabaseProvider
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString)
    {
        DefaultTimeout = 30,   // writers queue behind the one holding the write lock instead of failing
        Pooling = true,
    }.ConnectionString;

    public string Name => "Sqlite";
    private readonly SqlitePragmas _pragmas = new();

    public IDatabaseDialect Dialect { get; } = new SqliteDialect();

    public void Configure(DbContextOptionsBuilder options) =>
        options.UseSqlite(_connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteDatabase).Assembly.GetName().Name))
            .AddInterceptors(_pragmas);

    public void ConfigureMigrations(DbContextOptionsBuilder options, string assembly, string historyTable) =>
        options.UseSqlite(_connectionString, sqlite => sqlite.MigrationsAssembly(assembly).MigrationsHistoryTable(historyTable))
            .AddInterceptors(_pragmas);
}

public static class SqliteOmnimanBuilderExtensions
{
    public static OmnimanBuilder UseSqlite(this OmnimanBuilder builder, string connectionString) =>
        builder.UseDatabase(new SqliteDatabase(connectionString));
}
