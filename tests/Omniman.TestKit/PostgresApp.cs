using Npgsql;

namespace Omniman.TestKit;

/// <summary>
/// The app on a new PostgreSQL database, created on the server that <c>OMNIMAN_TEST_POSTGRES</c>
/// names (default: local server, user postgres). The database is dropped afterwards. No server is
/// a failure, not a skip: the PostgreSQL half of the suite must run.
/// </summary>
public class PostgresApp : OmnimanApp
{
    public const string ServerVariable = "OMNIMAN_TEST_POSTGRES";
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private readonly string _database = $"omniman_test_{Guid.NewGuid():N}";

    public override string Provider => "Postgres";

    public static string ServerConnection => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : DefaultServer;

    /// <summary>This app's database, for another process of the same deployment to join.</summary>
    public string DatabaseConnection => ConnectionString;

    protected override string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnection)
    {
        Database = _database,
        MaxPoolSize = 60,
        Timeout = 30,
    }.ConnectionString;

    public override async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(ServerConnection);
        try
        {
            await admin.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{ServerConnection}'. Start it (see README) or set {ServerVariable}.", ex);
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
