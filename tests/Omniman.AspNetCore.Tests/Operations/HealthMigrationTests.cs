using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>
/// <c>/health/ready</c> answers 503 while a migration is pending, here a module's (its last entry
/// taken out of its history table), and 200 once the database has it again.
/// </summary>
public abstract class HealthMigrationTests
{
    private const string History = "\"__EFMigrationsHistory_payments\"";

    protected abstract OmnimanApp NewApp();

    [Fact]
    public async Task Ready_Answers503_WhileAModuleMigrationIsPending()
    {
        var app = NewApp();
        await app.InitializeAsync();
        try
        {
            using (app.CreateClient()) { }
            var (last, version) = await app.InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OmnimanDb>();
                var id = await db.Database.SqlQueryRaw<string>($"SELECT MAX(migration_id) AS \"Value\" FROM {History}").SingleAsync();
                var product = await db.Database.SqlQueryRaw<string>($"SELECT product_version AS \"Value\" FROM {History} WHERE migration_id = {{0}}", id).SingleAsync();
                await db.Database.ExecuteSqlRawAsync($"DELETE FROM {History} WHERE migration_id = {{0}}", id);
                return (id, product);
            });

            var (status, body, _) = await StaleDirectives.ProbeAsync(app, "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body);

            await app.InScopeAsync(sp => sp.GetRequiredService<OmnimanDb>().Database
                .ExecuteSqlRawAsync($"INSERT INTO {History} (migration_id, product_version) VALUES ({{0}}, {{1}})", last, version));
            Assert.Equal(HttpStatusCode.OK, (await StaleDirectives.ProbeAsync(app, "/health/ready")).Status);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

public sealed class SqliteHealthMigrationTests : HealthMigrationTests
{
    protected override OmnimanApp NewApp() => new SqliteApp();
}

public sealed class PostgresHealthMigrationTests : HealthMigrationTests
{
    protected override OmnimanApp NewApp() => new PostgresApp();
}
