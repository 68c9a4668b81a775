using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Sessions;

namespace Omniman.TestKit;

/// <summary>Builders for the steps most tests start with: a channel, a session, some lines, a commit.</summary>
public static class Scenario
{
    /// <summary>Creates a channel with a unique code (prefix + random) and returns its code.</summary>
    public static async Task<string> CreateChannelAsync(this ApiClient admin, string prefix = "ch", JsonObject? config = null,
        string pricingPolicy = "internal", string editPolicy = "open")
    {
        var code = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
        await admin.PostAsync("/api/channels", new JsonObject
        {
            ["code"] = code, ["name"] = $"Channel {code}", ["pricing_policy"] = pricingPolicy, ["edit_policy"] = editPolicy,
            ["config"] = config ?? new JsonObject(),
        }).ContinueWith(t => t.Result.Expect(HttpStatusCode.Created));
        return code;
    }

    public static async Task<JsonNode> OpenSessionAsync(this ApiClient client, string channel, string? handleType = null, string? handleRef = null)
    {
        var body = new JsonObject { ["channel_code"] = channel };
        if (handleType is not null) body["handle_type"] = handleType;
        if (handleRef is not null) body["handle_ref"] = handleRef;
        var response = await client.PostAsync("/api/sessions", body);
        if (response.Status is not (HttpStatusCode.Created or HttpStatusCode.OK))
            throw new Xunit.Sdk.XunitException($"Open failed ({(int)response.Status}): {response.Raw}");
        return response.Json;
    }

    public static Task<ApiResponse> ModifyAsync(this ApiClient client, string channel, string key, params JsonObject[] ops) =>
        client.PostAsync($"/api/sessions/{key}/modify", new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(ops) });

    public static JsonObject AddLine(string sku, decimal qty, long? unitPriceQ = 1000) => unitPriceQ is { } price
        ? new JsonObject { ["op"] = "add_line", ["sku"] = sku, ["qty"] = qty, ["unit_price_q"] = price }
        : new JsonObject { ["op"] = "add_line", ["sku"] = sku, ["qty"] = qty };

    public static Task<ApiResponse> CommitAsync(this ApiClient client, string channel, string key, string? idempotencyKey = null) =>
        client.PostAsync($"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = channel },
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>A channel, a session with one line, committed: returns the order ref.</summary>
    public static async Task<(string Channel, string SessionKey, string OrderRef)> CommittedOrderAsync(this ApiClient admin, JsonObject? config = null)
    {
        var channel = await admin.CreateChannelAsync("ord", config);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, AddLine("SKU-1", 2, 1500))).Expect(HttpStatusCode.OK);
        var commit = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        return (channel, key, commit.Json["order_ref"]!.GetValue<string>());
    }

    public static JsonObject SetData(string path, JsonNode? value) =>
        new() { ["op"] = "set_data", ["path"] = path, ["value"] = value };

    /// <summary>Opens a session in an existing channel, applies the ops (one line when none are given) and commits it.</summary>
    public static async Task<string> OrderInChannelAsync(this ApiClient client, string channel, string? handleType = null,
        string? handleRef = null, params JsonObject[] ops)
    {
        var key = (await client.OpenSessionAsync(channel, handleType, handleRef))["session_key"]!.GetValue<string>();
        (await client.ModifyAsync(channel, key, ops.Length > 0 ? ops : [AddLine("SKU-1", 1, 1000)])).Expect(HttpStatusCode.OK);
        return (await client.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
    }

    public static Task<ApiResponse> TransitionAsync(this ApiClient client, string orderRef, string status, string? actor = null, string? reason = null)
    {
        var body = new JsonObject { ["status"] = status };
        if (actor is not null) body["actor"] = actor;
        if (reason is not null) body["reason"] = reason;
        return client.PostAsync($"/api/orders/{orderRef}/transition", body);
    }

    /// <summary>Writes a passing check result onto a session, as a check handler would; false when it was stale.</summary>
    public static Task<bool> WriteCheckAsync(this OmnimanApp app, string channel, string key, int rev, string code = "stock",
        JsonNode? result = null) =>
        app.InScopeAsync(sp => sp.GetRequiredService<WriteCheckResult>()
            .ExecuteAsync(new SessionRef(channel, key), new CheckOutcome(code, rev, "ok", result ?? new JsonObject(), []), CancellationToken.None));

    /// <summary>Every item of a paginated list, following the <c>next</c> links from the given first page.</summary>
    public static async Task<List<JsonNode>> AllPagesAsync(this ApiClient client, string url, int maxPages = 100)
    {
        var items = new List<JsonNode>();
        for (string? next = url; next is not null && maxPages-- > 0;)
        {
            var page = (await client.GetAsync(next)).Expect(HttpStatusCode.OK).Json;
            items.AddRange(page["results"]!.AsArray().Select(r => r!));
            next = page["next"]?.GetValue<string>();
        }
        return items;
    }
}
