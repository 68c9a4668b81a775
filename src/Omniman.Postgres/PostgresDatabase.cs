using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Postgres;

/// <summary>The production target: PostgreSQL through Npgsql, migrated by this assembly's migration set.</summary>
public sealed class PostgresDatabase(string connectionString) : IDatabaseProvider
{
    public string Name => "Postgres";
    public IDatabaseDialect Dialect { get; } = new PostgresDialect();

    public void Configure(DbContextOptionsBuilder options) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabase).Assembly.GetName().Name));
}

public static class PostgresOmnimanBuilderExtensions
{
    public static OmnimanBuilder UsePostgres(this OmnimanBuilder builder, string connectionString) =>
        builder.UseDatabase(new PostgresDatabase(connectionString));
}
