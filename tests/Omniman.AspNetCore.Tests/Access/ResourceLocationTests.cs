using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>The Location of a created key or promotion can be read back.</summary>
public abstract class ResourceLocationTests(OmnimanApp app)
{
    [Fact]
    public async Task CreatedKey_CanBeReadAtItsLocation_WithoutItsSecret()
    {
        using var admin = app.Admin();
        var created = (await admin.PostAsync("/api/keys", new JsonObject { ["name"] = "loc", ["scopes"] = new JsonArray("orders:read") }))
            .Expect(HttpStatusCode.Created);
        var location = created.Headers.Location!.ToString();
        var read = (await admin.GetAsync(location)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("loc", read["name"]!.GetValue<string>());
        Assert.Null(read["secret"]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/keys/987654321")).Status);
    }

    [Fact]
    public async Task CreatedPromotion_CanBeReadAtItsLocation()
    {
        using var admin = app.Admin();
        var code = $"LOC{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var created = (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = code, ["percent_off"] = 5 })).Expect(HttpStatusCode.Created);
        var read = (await admin.GetAsync(created.Headers.Location!.ToString())).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(code, read["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/promotions/NO-SUCH-CODE")).Status);
    }
}

public sealed class SqliteResourceLocationTests(SqliteApp app) : ResourceLocationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresResourceLocationTests(PostgresApp app) : ResourceLocationTests(app), IClassFixture<PostgresApp>;
