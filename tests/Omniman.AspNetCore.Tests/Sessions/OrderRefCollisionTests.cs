using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

public sealed class SqliteOneCharRefApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Omniman:OrderRefRandomLength", "1")];
}

public sealed class PostgresOneCharRefApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Omniman:OrderRefRandomLength", "1")];
}

/// <summary>
/// A commit draws its order ref at random and leaves it to the unique index: a taken ref rolls the
/// commit back and it runs again with a fresh one. One random character gives 31 refs a day; each
/// test starts a day of its own, as refs are unique across channels.
/// </summary>
public abstract class OrderRefCollisionTests(OmnimanApp app)
{
    private const int RefsADay = 31;

    [Fact]
    public async Task Commit_DrawsAnotherRef_WhenTheDrawnOneIsTaken()
    {
        app.Clock.Advance(TimeSpan.FromDays(1));
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("refs");

        // Twelve commits in a day of 31 refs draw a taken one in 91% of runs; ten draws that are
        // all taken, which would fail this test, come about once in 20,000 runs.
        var refs = new List<string>();
        for (var i = 0; i < 12; i++) refs.Add(await admin.OrderInChannelAsync(channel));

        Assert.Equal(12, refs.Distinct().Count());
    }

    [Fact]
    public async Task Commit_AnswersRefExhausted_AndLeavesTheSessionOpen_WhenNoRefIsFree()
    {
        app.Clock.Advance(TimeSpan.FromDays(1));
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("full");
        var committed = 0;
        while (true)
        {
            var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
            (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-1", 1, 1000))).Expect(HttpStatusCode.OK);
            var commit = await admin.CommitAsync(channel, key, $"full-{committed}");
            if (commit.Status == HttpStatusCode.Created)
            {
                Assert.True(++committed <= RefsADay, "more orders than refs in a day");
                continue;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, commit.Status);
            Assert.Equal("ref_exhausted", commit.ErrorCode);
            var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
            Assert.Equal("open", session["state"]!.GetValue<string>());
            // The idempotency key was let go with the rolled-back commit: the same key runs again
            // (ten fresh draws), rather than replaying the failure or waiting on itself.
            var again = await admin.CommitAsync(channel, key, $"full-{committed}");
            Assert.True(again.Status == HttpStatusCode.Created || again.ErrorCode == "ref_exhausted", $"{(int)again.Status} {again.Raw}");
            break;
        }
        Assert.True(committed > 0);
    }
}

public sealed class SqliteOrderRefCollisionTests(SqliteOneCharRefApp app) : OrderRefCollisionTests(app), IClassFixture<SqliteOneCharRefApp>;

public sealed class PostgresOrderRefCollisionTests(PostgresOneCharRefApp app) : OrderRefCollisionTests(app), IClassFixture<PostgresOneCharRefApp>;
