using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Pricing;
using Omniman.Sessions;
using Omniman.Sessions.Ops;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>
/// <c>edit_policy: locked</c> stops customers and clients, not the integration that owns the channel:
/// an in-process integration, or a key with <c>sessions:write_locked</c> (issue #14).
/// </summary>
public abstract class EditPolicyTests(OmnimanApp app)
{
    private static async Task<(string Channel, string Key)> LockedSessionAsync(ApiClient admin)
    {
        var channel = await admin.CreateChannelAsync("lock", editPolicy: "locked");
        return (channel, (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task AClient_IsStopped_AndToldWhoMayEdit()
    {
        using var admin = app.Admin();
        var (channel, key) = await LockedSessionAsync(admin);
        using var client = app.Client(await app.CreateKeyAsync("till", ["sessions:read", "sessions:write"]));

        var refused = await client.ModifyAsync(channel, key, Scenario.AddLine("A", 1));

        refused.Expect(HttpStatusCode.Conflict);
        Assert.Equal("locked", refused.ErrorCode);
        Assert.Equal("sessions:write_locked", refused.Json["error"]!["context"]!["required_scope"]!.GetValue<string>());
        Assert.Equal(0, (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json["rev"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("sessions:write_locked")]
    [InlineData("admin")]
    public async Task TheChannelsIntegrationKey_Edits(string scope)
    {
        using var admin = app.Admin();
        var (channel, key) = await LockedSessionAsync(admin);
        using var integration = app.Client(await app.CreateKeyAsync("ifood-adapter", ["sessions:read", "sessions:write", scope]));

        var edited = (await integration.ModifyAsync(channel, key, Scenario.AddLine("A", 1))).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(1, edited["rev"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnInProcessIntegration_Edits()
    {
        using var admin = app.Admin();
        var (channel, key) = await LockedSessionAsync(admin);

        var session = await app.InScopeAsync(sp => sp.GetRequiredService<ModifySession>().ExecuteAsync(new SessionRef(channel, key),
            SessionOp.ParseAll(new JsonArray(Scenario.AddLine("A", 1))), null, ModifyActor.Integration("ifood"), CancellationToken.None));

        Assert.Equal(1, session.Rev);
    }

    [Fact]
    public async Task ResolvingAnIssue_IsAnEdit_ThatALockStopsForAClient()
    {
        using var admin = app.Admin();
        var (channel, key) = await LockedSessionAsync(admin);
        using var integration = app.Client(await app.CreateKeyAsync("ifood-adapter", ["sessions:read", "sessions:write", "sessions:write_locked"]));
        (await integration.ModifyAsync(channel, key, Scenario.AddLine("A", 2))).Expect(HttpStatusCode.OK);
        Assert.True(await app.WriteCheckAsync(channel, key, 1, status: "issues",
            issues: Kernel.Issue("short", true, ("Remove it", new JsonArray(new JsonObject { ["op"] = "set_data", ["path"] = "note", ["value"] = "x" })))));
        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Json;
        var issue = session["data"]!["issues"]![0]!;
        var resolve = new JsonObject
        {
            ["channel_code"] = channel, ["issue_id"] = issue["id"]!.GetValue<string>(), ["action_id"] = issue["actions"]![0]!["id"]!.GetValue<string>(),
        };
        using var client = app.Client(await app.CreateKeyAsync("till", ["sessions:read", "sessions:write"]));

        var refused = await client.PostAsync($"/api/sessions/{key}/resolve", resolve);
        var resolved = await integration.PostAsync($"/api/sessions/{key}/resolve", resolve.DeepClone());

        Assert.Equal("locked", refused.Expect(HttpStatusCode.Conflict).ErrorCode);
        Assert.Equal(2, resolved.Expect(HttpStatusCode.OK).Json["rev"]!.GetValue<int>());
    }
}

public sealed class SqliteEditPolicyTests(SqliteApp app) : EditPolicyTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresEditPolicyTests(PostgresApp app) : EditPolicyTests(app), IClassFixture<PostgresApp>;
