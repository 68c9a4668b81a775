namespace Omniman.TestKit;

/// <summary>The app on a new SQLite file (not :memory:, since requests open several connections).</summary>
public class SqliteApp : OmnimanApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"omniman-test-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";
    protected override string ConnectionString => $"Data Source={_path}";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
    }
}
