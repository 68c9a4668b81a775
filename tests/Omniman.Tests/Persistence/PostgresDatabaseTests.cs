using Npgsql;
using Omniman.Postgres;

namespace Omniman.Tests.Persistence;

public sealed class PostgresDatabaseTests
{
    [Fact]
    public void ConnectionString_PreparesHotStatementsAndSkipsTheReset_ByDefault()
    {
        var settings = new NpgsqlConnectionStringBuilder(new PostgresDatabase("Host=db;Database=omniman").ConnectionString);

        Assert.Equal(PostgresDatabase.DefaultMaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal("db", settings.Host);
        Assert.Equal("omniman", settings.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Max Auto Prepare=10", 10)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    public void ConnectionString_KeepsTheOperatorsChoice(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(new PostgresDatabase(connectionString).ConnectionString).MaxAutoPrepare);

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;NoResetOnClose=false")]
    public void ConnectionString_KeepsTheOperatorsReset(string connectionString) =>
        Assert.False(new NpgsqlConnectionStringBuilder(new PostgresDatabase(connectionString).ConnectionString).NoResetOnClose);
}
