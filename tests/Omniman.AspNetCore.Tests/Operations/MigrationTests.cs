using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Omniman.Access;
using Omniman.Persistence;
using Omniman.Server;
using Omniman.Server.Startup;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>
/// A database made by an older version is brought forward on start, its data kept: keys made
/// before keys could expire keep working; orders made before status times keep their timestamps.
/// </summary>
public abstract class MigrationTests : IAsyncLifetime
{
    /// <summary>The last migration before <c>expires_at</c> and <c>rotated_from</c>.</summary>
    private const string BeforeKeyExpiry = "DirectiveClaimIndex";

    /// <summary>The last migration with fixed timestamp columns (<c>confirmed_at</c>, …) on orders.</summary>
    private const string BeforeStatusTimes = "KeyExpiry";

    protected abstract string Provider { get; }
    protected abstract string Connection { get; }

    /// <summary>A key row as the older schema holds it.</summary>
    protected abstract FormattableString InsertOldKey(string hash, DateTime createdAt);

    /// <summary>An order row as the schema before status times holds it: confirmed and cancelled.</summary>
    protected abstract FormattableString InsertOldOrder(string orderRef, DateTime createdAt, DateTime confirmedAt, DateTime cancelledAt);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private IHost Host() =>
        ServerHost.BuildWorker([$"--Omniman:Database:Provider={Provider}", $"--ConnectionStrings:Omniman={Connection}"], runWorker: false);

    /// <summary>
    /// A module's tables come from its own migration set, recorded in its own history table; the
    /// kernel's history knows nothing of them, and a second migrate finds nothing to do (issue 14).
    /// </summary>
    [Fact]
    public async Task Migrate_RunsEachModuleMigrationSet_WithItsOwnHistory()
    {
        using var host = Host();
        await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
        await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();

        var kernel = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Contains(kernel, m => m.EndsWith("_LifecycleSeams", StringComparison.Ordinal));
        Assert.DoesNotContain(kernel, m => m.Contains("Payments", StringComparison.Ordinal));
        var payments = await db.Database.SqlQueryRaw<string>("SELECT migration_id AS \"Value\" FROM \"__EFMigrationsHistory_payments\"").ToListAsync();
        Assert.Contains(payments, m => m.EndsWith("_PaymentsInitial", StringComparison.Ordinal));
        Assert.Equal(0, await db.Set<Omniman.Payments.Payment>().CountAsync());
    }

    [Fact]
    public async Task Migrate_BringsAnOlderDatabaseForward_AndItsKeysKeepWorking()
    {
        var secret = $"old-secret-{Guid.NewGuid():N}";
        using (var host = Host())
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(BeforeKeyExpiry);
            await db.Database.ExecuteSqlAsync(InsertOldKey(ApiKey.Hash(secret), DateTime.UtcNow));
        }

        using (var host = Host())
        {
            await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var hash = ApiKey.Hash(secret);
            var key = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.SecretHash == hash);
            Assert.Null(key.ExpiresAt);
            Assert.Null(key.RotatedFrom);

            var rotated = await scope.ServiceProvider.GetRequiredService<RotateApiKey>().ExecuteAsync(key.Id, 60, CancellationToken.None);

            Assert.Equal(key.Id, rotated.Created.Key.RotatedFrom);
            Assert.NotNull(rotated.Old.ExpiresAt);
        }
    }

    [Fact]
    public async Task Migrate_KeepsAnOlderOrdersTimestamps_AsItsStatusTimes()
    {
        var orderRef = $"ORD-OLD-{Guid.NewGuid():N}"[..20];
        var created = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
        var confirmed = created.AddMinutes(3).AddTicks(1234567);
        var cancelled = created.AddHours(1);
        using (var host = Host())
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(BeforeStatusTimes);
            await db.Database.ExecuteSqlAsync(InsertOldOrder(orderRef, created, confirmed, cancelled));
        }

        using (var host = Host())
        {
            await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OmnimanDb>();
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Ref == orderRef);

            Assert.Equal(["cancelled", "confirmed"], order.StatusTimes.Keys.Order());
            // PostgreSQL keeps microseconds, SQLite ticks: both to the microsecond here.
            Assert.Equal(confirmed, order.EnteredAt("confirmed")!.Value, TimeSpan.FromTicks(10));
            Assert.Equal(cancelled, order.EnteredAt("cancelled"));
            Assert.Equal(DateTimeKind.Utc, order.EnteredAt("cancelled")!.Value.Kind);
        }
    }
}

public sealed class SqliteMigrationTests : MigrationTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"omniman-migration-{Guid.NewGuid():N}.db");

    protected override string Provider => "Sqlite";
    protected override string Connection => $"Data Source={_path}";

    protected override FormattableString InsertOldKey(string hash, DateTime createdAt) =>
        $"INSERT INTO api_keys (name, prefix, secret_hash, scopes, created_at) VALUES ('old', 'old-s', {hash}, '[\"orders:read\"]', {createdAt})";

    protected override FormattableString InsertOldOrder(string orderRef, DateTime createdAt, DateTime confirmedAt, DateTime cancelledAt) =>
        $"INSERT INTO orders (ref, channel_code, session_key, status, currency, total_q, snapshot, created_at, updated_at, confirmed_at, cancelled_at) VALUES ({orderRef}, 'pos', {orderRef}, 'cancelled', 'BRL', 0, '{{}}', {createdAt}, {cancelledAt}, {confirmedAt}, {cancelledAt})";

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return Task.CompletedTask;
    }
}

public sealed class PostgresMigrationTests : MigrationTests
{
    private readonly string _database = $"omniman_test_{Guid.NewGuid():N}";

    protected override string Provider => "Postgres";
    protected override string Connection => new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnection) { Database = _database }.ConnectionString;

    protected override FormattableString InsertOldKey(string hash, DateTime createdAt) =>
        $"INSERT INTO api_keys (name, prefix, secret_hash, scopes, created_at) VALUES ('old', 'old-s', {hash}, '[\"orders:read\"]'::jsonb, {createdAt})";

    protected override FormattableString InsertOldOrder(string orderRef, DateTime createdAt, DateTime confirmedAt, DateTime cancelledAt) =>
        $"INSERT INTO orders (ref, channel_code, session_key, status, currency, total_q, snapshot, created_at, updated_at, confirmed_at, cancelled_at) VALUES ({orderRef}, 'pos', {orderRef}, 'cancelled', 'BRL', 0, '{{}}'::jsonb, {createdAt}, {cancelledAt}, {confirmedAt}, {cancelledAt})";

    public override async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(PostgresApp.ServerConnection);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresApp.ServerConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
