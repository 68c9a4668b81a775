using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Omniman.Screenshots;

/// <summary>
/// A counter's morning through the API, so every page has something on it: stock with a short
/// SKU, a basket held up by a stock issue, orders at several statuses, a paid and refunded order,
/// and deliveries to a receiver that does not answer.
/// </summary>
internal sealed record DemoDay(string Sku, string PaidOrderRef)
{
    public static async Task<DemoDay> SetUpAsync(Uri url, string key)
    {
        using var api = new HttpClient { BaseAddress = new Uri(url, "/api/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        await SendAsync(api, HttpMethod.Put, "stock/MUG", new JsonObject { ["on_hand"] = 3, ["alternatives"] = new JsonArray("CUP") });
        await SendAsync(api, HttpMethod.Put, "stock/CUP", new JsonObject { ["on_hand"] = 12 });
        await SendAsync(api, HttpMethod.Post, "stock/MUG/adjust", new JsonObject { ["delta"] = -1, ["reason"] = "broken in the dishwasher" });
        await SendAsync(api, HttpMethod.Post, "channels", new JsonObject
        {
            ["code"] = "web", ["name"] = "Web shop",
            ["config"] = new JsonObject
            {
                ["required_checks_on_commit"] = new JsonArray("stock", "payment"),
                ["post_commit_directives"] = new JsonArray("stock.commit"),
                ["order_flow"] = new JsonObject { ["auto_transitions"] = new JsonObject { ["on_payment_confirm"] = "confirmed" } },
            },
        });

        // A receiver that does not exist: its deliveries fail and wait on the directives page.
        await SendAsync(api, HttpMethod.Post, "webhooks/subscriptions", new JsonObject
        {
            ["url"] = "https://erp.example.invalid/omniman", ["events"] = new JsonArray("order.created"),
        });

        // Orders at the counter, at several statuses.
        foreach (var (table, status) in new[] { ("4", "new"), ("7", "confirmed"), ("9", "ready"), ("2", "completed") })
        {
            var key7 = await OpenAsync(api, "pos", table);
            await ModifyAsync(api, "pos", key7, Line("ESPRESSO", "Espresso", 2, 550), Line("PAO-QUEIJO", "Pão de queijo", 3, 450));
            var orderRef = (await SendAsync(api, HttpMethod.Post, $"sessions/{key7}/commit", new JsonObject { ["channel_code"] = "pos" }))["order_ref"]!.GetValue<string>();
            foreach (var next in PathTo(status)) await SendAsync(api, HttpMethod.Post, $"orders/{orderRef}/transition", new JsonObject { ["status"] = next });
        }

        // A paid web order, partly refunded.
        var cart = await OpenAsync(api, "web", null);
        await ModifyAsync(api, "web", cart, Line("CUP", "Cup", 2, 3900));
        await WaitChecksAsync(api, "web", cart);
        await SendAsync(api, HttpMethod.Post, $"sessions/{cart}/payments", new JsonObject { ["channel_code"] = "web", ["method"] = "pm_card_visa" });
        var paid = (await SendAsync(api, HttpMethod.Post, $"sessions/{cart}/commit", new JsonObject { ["channel_code"] = "web" }))["order_ref"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(2));   // the worker captures
        await SendAsync(api, HttpMethod.Post, $"orders/{paid}/refunds", new JsonObject { ["amount_q"] = 1000, ["reason"] = "requested_by_customer" });
        await SendAsync(api, HttpMethod.Post, $"orders/{paid}/events", new JsonObject { ["type"] = "custom.note", ["payload"] = new JsonObject { ["text"] = "Gift wrap, please" } });

        // A basket that wants more mugs than the shelf has: a blocking issue with its ways out.
        var short1 = await OpenAsync(api, "web", null);
        await ModifyAsync(api, "web", short1, Line("MUG", "Mug", 5, 3900));
        await WaitChecksAsync(api, "web", short1);

        await Task.Delay(TimeSpan.FromSeconds(3));   // the deliveries to the missing receiver fail and wait their retry
        return new DemoDay("MUG", paid);
    }

    private static IEnumerable<string> PathTo(string status) => status switch
    {
        "confirmed" => ["confirmed"],
        "ready" => ["confirmed", "ready"],
        "completed" => ["confirmed", "ready", "completed"],
        _ => [],
    };

    private static JsonObject Line(string sku, string name, decimal qty, long price) =>
        new() { ["op"] = "add_line", ["sku"] = sku, ["name"] = name, ["qty"] = qty, ["unit_price_q"] = price };

    private static async Task<string> OpenAsync(HttpClient api, string channel, string? table)
    {
        var body = new JsonObject { ["channel_code"] = channel };
        if (table is not null) (body["handle_type"], body["handle_ref"]) = ("table", table);
        return (await SendAsync(api, HttpMethod.Post, "sessions", body))["session_key"]!.GetValue<string>();
    }

    private static Task<JsonNode> ModifyAsync(HttpClient api, string channel, string key, params JsonObject[] ops) =>
        SendAsync(api, HttpMethod.Post, $"sessions/{key}/modify", new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(ops) });

    private static Task<JsonNode> WaitChecksAsync(HttpClient api, string channel, string key) =>
        SendAsync(api, HttpMethod.Get, $"sessions/{key}?channel_code={channel}&wait_checks=true&wait_seconds=10", null);

    private static async Task<JsonNode> SendAsync(HttpClient api, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text) ?? new JsonObject();
    }
}
