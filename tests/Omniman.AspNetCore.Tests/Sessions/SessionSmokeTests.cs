using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

public abstract class SessionSmokeTests(OmnimanApp app)
{
    [Fact]
    public async Task Commit_CreatesOrder_WhenSessionHasLines()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(3000, order["total_q"]!.GetValue<long>());
        Assert.Equal("created", order["events"]![0]!["type"]!.GetValue<string>());
    }
}

public sealed class SqliteSessionSmokeTests(SqliteApp app) : SessionSmokeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionSmokeTests(PostgresApp app) : SessionSmokeTests(app), IClassFixture<PostgresApp>;
