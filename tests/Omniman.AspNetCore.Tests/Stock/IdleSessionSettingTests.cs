using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Housekeeping;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Stock;

public sealed class NoSessionTtlApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Omniman:SessionTtlHours", "0")];
}

/// <summary>SessionTtlHours 0: sessions have no built-in TTL, as the FAQ describes; a client abandons them.</summary>
public sealed class IdleSessionSettingTests(NoSessionTtlApp app) : IClassFixture<NoSessionTtlApp>
{
    [Fact]
    public async Task IdleSessionJob_LeavesSessionsOpen_WhenTtlIsZero()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("ttl");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        app.Clock.Advance(TimeSpan.FromDays(30));

        await app.Services.GetRequiredService<HousekeepingRunner>().RunAllAsync(default);

        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("open", session["state"]!.GetValue<string>());
    }
}
