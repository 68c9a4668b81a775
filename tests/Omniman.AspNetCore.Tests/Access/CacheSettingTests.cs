using System.Net;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>Per-process caches switched off: keys and channels are read on every request.</summary>
internal static class NoCacheSettings
{
    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:Auth:CacheSeconds", "0"),
        new("Omniman:ChannelCacheSeconds", "0"),
    ];
}

public sealed class SqliteNoCacheApp : SqliteApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => NoCacheSettings.Values;
}

public sealed class PostgresNoCacheApp : PostgresApp
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => NoCacheSettings.Values;
}

/// <summary>A cache time of 0 means no caching, not a server error on every request.</summary>
public abstract class CacheSettingTests(OmnimanApp app)
{
    [Fact]
    public async Task SessionsWork_WhenChannelsAndKeysAreNotCached()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("nocache");
        var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");

        (await admin.ModifyAsync(channel, key, Ops.AddLine("A", 2, 150))).Expect(HttpStatusCode.OK);
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }
}

public sealed class SqliteCacheSettingTests(SqliteNoCacheApp app) : CacheSettingTests(app), IClassFixture<SqliteNoCacheApp>;

public sealed class PostgresCacheSettingTests(PostgresNoCacheApp app) : CacheSettingTests(app), IClassFixture<PostgresNoCacheApp>;
