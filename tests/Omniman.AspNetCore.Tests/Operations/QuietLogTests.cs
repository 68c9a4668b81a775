using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>
/// A day's ordinary work leaves no warning or error in the log (issue #21): an operator learns to
/// ignore a log that cries wolf, and then misses the line that matters.
/// </summary>
public abstract class QuietLogTests(OmnimanApp app)
{
    [Fact]
    public async Task OrdinaryFlow_LogsNoWarning()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();

        Assert.True(app.Log.Lines.IsEmpty, string.Join(Environment.NewLine, app.Log.Lines));
    }
}

public sealed class SqliteQuietLogTests(SqliteApp app) : QuietLogTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresQuietLogTests(PostgresApp app) : QuietLogTests(app), IClassFixture<PostgresApp>
{
    /// <summary>Migrating a database that does not exist yet creates it: a step, not a failure to report.</summary>
    [Fact]
    public async Task MigrateOfANewDatabase_LogsNoError()
    {
        var database = $"omniman_test_{Guid.NewGuid():N}";
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var options = new DbContextOptionsBuilder<OmnimanDb>().UseLoggerFactory(loggers);
        new PostgresDatabase(new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnection) { Database = database }.ConnectionString).Configure(options);
        OmnimanBuilder.QuietFailures(options.UseSnakeCaseNamingConvention());
        try
        {
            await using (var db = new OmnimanDb(options.Options)) await db.Database.MigrateAsync();

            Assert.True(log.Lines.IsEmpty, string.Join(Environment.NewLine, log.Lines));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(PostgresApp.ServerConnection);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
