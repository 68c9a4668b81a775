using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>What the session test classes share: an admin client and the steps most tests start with.</summary>
public abstract class SessionTestBase(OmnimanApp app) : IDisposable
{
    /// <summary>The generated-key alphabet of docs/concepts.md: no look-alike characters (0/O, 1/I/L).</summary>
    protected const string Unambiguous = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    protected OmnimanApp App { get; } = app;
    protected ApiClient Api { get; } = app.Admin();

    public void Dispose()
    {
        Api.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static JsonObject Config(string json) => JsonNode.Parse(json)!.AsObject();

    protected Task<string> NewChannelAsync(string? config = null, string pricingPolicy = "internal", string editPolicy = "open") =>
        Api.CreateChannelAsync("s", config is null ? null : Config(config), pricingPolicy, editPolicy);

    protected async Task<string> OpenAsync(string channel) => (await Api.OpenSessionAsync(channel)).Get<string>("session_key");

    protected async Task<JsonNode> ModifyOkAsync(string channel, string key, params JsonObject[] ops) =>
        (await Api.ModifyAsync(channel, key, ops)).Expect(HttpStatusCode.OK).Json;

    protected Task<ApiResponse> GetSessionAsync(string channel, string key) =>
        Api.GetAsync($"/api/sessions/{Uri.EscapeDataString(key)}?channel_code={Uri.EscapeDataString(channel)}");

    protected async Task<JsonNode> SessionAsync(string channel, string key) => (await GetSessionAsync(channel, key)).Expect(HttpStatusCode.OK).Json;

    /// <summary>A new channel with the given config and an open session holding the given lines (rev 1).</summary>
    protected async Task<(string Channel, string Key, JsonNode Session)> SessionWithAsync(string? config, params JsonObject[] ops)
    {
        var channel = await NewChannelAsync(config);
        var key = await OpenAsync(channel);
        var session = ops.Length == 0 ? await SessionAsync(channel, key) : await ModifyOkAsync(channel, key, ops);
        return (channel, key, session);
    }

    protected static string LineId(JsonNode session, int index) => session.Array("items")[index].Get<string>("line_id");

    protected static void AssertError(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status && response.ErrorCode == code,
            $"Expected {(int)status} {code}, got {(int)response.Status}: {response.Raw}");
    }

    protected static DateTime Utc(JsonNode node, string name) =>
        DateTime.Parse(node.Get<string>(name), null, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    /// <summary>Timestamps round-trip through databases with microsecond precision.</summary>
    protected static void AssertCloseTo(DateTimeOffset expected, DateTime actual) =>
        Assert.InRange((actual - expected.UtcDateTime).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
}
