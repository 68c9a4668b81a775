using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.Sqlite;

namespace Omniman.Webhooks;

/// <summary>The webhooks tables' migration set on SQLite (in <c>Migrations/Sqlite</c>).</summary>
public sealed class WebhooksSqliteDb(DbContextOptions<WebhooksSqliteDb> options) : ModuleDb(options, new WebhookTables());

/// <summary>The webhooks tables' migration set on PostgreSQL (in <c>Migrations/Postgres</c>).</summary>
public sealed class WebhooksPostgresDb(DbContextOptions<WebhooksPostgresDb> options) : ModuleDb(options, new WebhookTables());

/// <summary>Lets <c>dotnet ef migrations add … --context WebhooksSqliteDb</c> build the model.</summary>
internal sealed class WebhooksSqliteDesignTime : IDesignTimeDbContextFactory<WebhooksSqliteDb>
{
    public WebhooksSqliteDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<WebhooksSqliteDb>(new SqliteDatabase("Data Source=design.db"), new WebhookTables()));
}

/// <summary>Lets <c>dotnet ef migrations add … --context WebhooksPostgresDb</c> build the model.</summary>
internal sealed class WebhooksPostgresDesignTime : IDesignTimeDbContextFactory<WebhooksPostgresDb>
{
    public WebhooksPostgresDb CreateDbContext(string[] args) =>
        new(ModuleDesignTime.Options<WebhooksPostgresDb>(new PostgresDatabase("Host=localhost;Database=omniman_design"), new WebhookTables()));
}
