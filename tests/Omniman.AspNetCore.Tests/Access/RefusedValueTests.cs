using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>Every request of the app on one pooled connection, so each one meets what the last left behind.</summary>
public sealed class PostgresOneConnectionApp : PostgresApp
{
    protected override string ConnectionString => base.ConnectionString + ";Maximum Pool Size=1";
}

/// <summary>
/// A value the database refuses is the client's error, and only that request's: the connection it
/// was sent on serves the next request as before. On PostgreSQL, a value refused in the execution
/// that auto-prepared its statement left the statement broken on that connection, and the next
/// request to send it got a 500 ("Received unexpected backend message DataRow").
/// </summary>
public abstract class RefusedValueTests(OmnimanApp app)
{
    [Fact]
    public async Task AddEvent_KeepsWorking_AfterTheDatabaseRefusedAValueOnTheSameConnection()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        // Refused six times in a row, the INSERT … RETURNING is refused in the execution that
        // prepares it: Npgsql prepares a statement on its fifth use, and the commit may have used it.
        for (var i = 0; i < 6; i++)
        {
            var refused = await admin.PostAsync($"/api/orders/{orderRef}/events",
                new JsonObject { ["type"] = "custom.note", ["payload"] = new JsonObject { ["text"] = "a\u0000b" } });
            Assert.True((int)refused.Status < 500, $"refused {i + 1}: {(int)refused.Status} {refused.Raw}\n{refused.ServerLog}");
        }
        for (var i = 0; i < 3; i++)
        {
            (await admin.PostAsync($"/api/orders/{orderRef}/events",
                new JsonObject { ["type"] = "custom.note", ["payload"] = new JsonObject { ["text"] = $"fine {i}" } })).Expect(HttpStatusCode.Created);
        }

        var events = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.Equal("fine 2", events[^1]!["payload"]!["text"]!.GetValue<string>());
    }
}

public sealed class SqliteRefusedValueTests(SqliteApp app) : RefusedValueTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRefusedValueTests(PostgresOneConnectionApp app) : RefusedValueTests(app), IClassFixture<PostgresOneConnectionApp>;
