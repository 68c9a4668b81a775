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

    public string Name => "Postgres";
    public IDatabaseDialect Dialect { get; } = new PostgresDialect();

    public string ConnectionString { get; } = WithDefaults(connectionString);

    public void Configure(DbContextOptionsBuilder options) =>
        options.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabase).Assembly.GetName().Name));

    private static string WithDefaults(string connectionString)
    {
        // Npgsql's own builder reports every keyword as present; the plain one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }
}

public static class PostgresOmnimanBuilderExtensions
{
    public static OmnimanBuilder UsePostgres(this OmnimanBuilder builder, string connectionString) =>
        builder.UseDatabase(new PostgresDatabase(connectionString));
}
