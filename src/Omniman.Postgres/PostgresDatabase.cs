using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omniman.Persistence;

namespace Omniman.Postgres;

/// <summary>The production target: PostgreSQL through Npgsql, migrated by this assembly's migration set.</summary>
public sealed class PostgresDatabase(string connectionString) : IDatabaseProvider
{
    /// <summary>
    /// Statements each pooled connection keeps prepared unless the connection string says otherwise.
    /// The hot paths send the same few statements over and over; unprepared, PostgreSQL parses and
    /// plans each one every time, which cost it more CPU than executing them.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Unless the connection string says otherwise, a connection going back to the pool is not
    /// reset: Omniman leaves no session state behind (no SET, temporary tables or advisory locks;
    /// the worker's LISTEN has its own connection outside the pool), and the reset statements cost
    /// PostgreSQL a parse and a reset of every setting on every request.
    /// </summary>
    public const bool DefaultNoResetOnClose = true;

    private static readonly PostgresDialect PostgresRules = new();
    private static readonly PreparedStatementRepair Repair = new(PostgresRules);

    public string Name => "Postgres";
    public IDatabaseDialect Dialect => PostgresRules;

    public string ConnectionString { get; } = WithDefaults(connectionString);

    public void Configure(DbContextOptionsBuilder options) =>
        options.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabase).Assembly.GetName().Name))
            .AddInterceptors(Repair);

    public void ConfigureMigrations(DbContextOptionsBuilder options, string assembly, string historyTable) =>
        options.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(assembly).MigrationsHistoryTable(historyTable))
            .AddInterceptors(Repair);

    private static string WithDefaults(string connectionString)
    {
        // Npgsql's own builder reports every keyword as present; the plain one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Says(written, "Max Auto Prepare")) settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Says(written, "No Reset On Close")) settings.NoResetOnClose = DefaultNoResetOnClose;
        return settings.ConnectionString;
    }

    private static bool Says(DbConnectionStringBuilder written, string keyword) =>
        written.ContainsKey(keyword) || written.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal));
}

public static class PostgresOmnimanBuilderExtensions
{
    public static OmnimanBuilder UsePostgres(this OmnimanBuilder builder, string connectionString) =>
        builder.UseDatabase(new PostgresDatabase(connectionString));
}
