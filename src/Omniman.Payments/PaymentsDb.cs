using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.Sqlite;

namespace Omniman.Payments;

/// <summary>The payments tables' migration set on SQLite (in <c>Migrations/Sqlite</c>).</summary>
public sealed class PaymentsSqliteDb(DbContextOptions<PaymentsSqliteDb> options) : ModuleDb(options, new PaymentTables());

/// <summary>The payments tables' migration set on PostgreSQL (in <c>Migrations/Postgres</c>).</summary>
public sealed class PaymentsPostgresDb(DbContextOptions<PaymentsPostgresDb> options) : ModuleDb(options, new PaymentTables());

/// <summary>Lets <c>dotnet ef migrations add … --context PaymentsSqliteDb</c> build the model.</summary>
internal sealed class PaymentsSqliteDesignTime : IDesignTimeDbContextFactory<PaymentsSqliteDb>
{
    public PaymentsSqliteDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<PaymentsSqliteDb>(new SqliteDatabase("Data Source=design.db"), new PaymentTables()));
}

/// <summary>Lets <c>dotnet ef migrations add … --context PaymentsPostgresDb</c> build the model.</summary>
internal sealed class PaymentsPostgresDesignTime : IDesignTimeDbContextFactory<PaymentsPostgresDb>
{
    public PaymentsPostgresDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<PaymentsPostgresDb>(new PostgresDatabase("Host=localhost;Database=omniman_design"), new PaymentTables()));
}
