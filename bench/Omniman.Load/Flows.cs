using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Omniman.Load;

/// <summary>The workloads: warm-session modifies, full checkouts, reads, and the HTTP stack's own ceiling.</summary>
internal sealed class Flows(Api api, string runId, int skuCount, string skuPrefix, long stock, IReadOnlySet<string> reads)
{
    /// <summary>What the reads flow can send: GET a session, GET an order, a page of the order list.</summary>
    public static readonly string[] ReadKinds = ["session", "order", "list"];

    private const int ReadSessions = 64;
    private readonly string _plain = $"load-{runId}";
    private readonly string _checkout = $"load-{runId}-co";
    private readonly List<string> _readSessions = [];
    private readonly List<string> _readOrders = [];
    /// <summary>The catalog the baskets draw from; a handful of SKUs makes every stock check queue on the same rows.</summary>
    private readonly string[] Skus = [.. Enumerable.Range(1, skuCount).Select(i => $"{skuPrefix}-{i:D5}")];

    public long Committed;

    /// <summary>Channels, stock and a few sessions and orders for the reads to find.</summary>
    public async Task SetupAsync(CancellationToken ct)
    {
        await Require(api.PostAsync("setup", "/api/channels", new JsonObject { ["code"] = _plain, ["name"] = "Load (plain)" }, ct));
        await Require(api.PostAsync("setup", "/api/channels", new JsonObject
        {
            ["code"] = _checkout, ["name"] = "Load (checkout)",
            ["config"] = new JsonObject
            {
                ["required_checks_on_commit"] = new JsonArray("stock"),
                ["post_commit_directives"] = new JsonArray("stock.commit"),
            },
        }, ct));
        await Parallel.ForEachAsync(Skus, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (sku, token) =>
            await Require(api.PutAsync("setup", $"/api/stock/{sku}", new JsonObject { ["on_hand"] = stock }, token)));
        for (var i = 0; i < ReadSessions; i++)
        {
            var key = await OpenAsync(_plain, ct);
            await Require(api.PostAsync("setup", $"/api/sessions/{key}/modify", Ops(_plain, AddLine(Skus[i % Skus.Length], 1)), ct));
            _readSessions.Add(key);
            if (i % 2 == 0)
            {
                var commit = await Require(api.PostAsync("setup", $"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = _plain }, ct));
                _readOrders.Add(commit.Body!["order_ref"]!.GetValue<string>());
            }
        }
    }

    public Task RunAsync(string flow, int client, CancellationToken ct) => flow switch
    {
        "modify" => ModifyLoopAsync(ct),
        "checkout" => CheckoutLoopAsync(client, ct),
        "reads" => ReadLoopAsync(client, ct),
        "health" => HealthLoopAsync(ct),
        _ => throw new ArgumentException($"Unknown flow '{flow}': modify, checkout, reads or health."),
    };

    /// <summary>(a) One warm session per client: set_data, add_line, set_qty in turn, lines kept at a handful.</summary>
    private async Task ModifyLoopAsync(CancellationToken ct)
    {
        var key = await OpenAsync(_plain, ct);
        var lines = new List<string>();
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            JsonObject op = (i % 3) switch
            {
                0 => new JsonObject { ["op"] = "set_data", ["path"] = "customer.note", ["value"] = $"note {i}" },
                1 when lines.Count >= 8 => new JsonObject { ["op"] = "remove_line", ["line_id"] = lines[0] },
                1 => AddLine(Skus[i % Skus.Length], 1),
                _ when lines.Count > 0 => new JsonObject { ["op"] = "set_qty", ["line_id"] = lines[^1], ["qty"] = 1 + (i % 5) },
                _ => AddLine(Skus[0], 1),
            };
            var call = await api.PostAsync("modify", $"/api/sessions/{key}/modify", Ops(_plain, op), ct);
            if (call.Ok) lines = [.. call.Body!["items"]!.AsArray().Select(l => l!["line_id"]!.GetValue<string>())];
        }
    }

    /// <summary>(b) Open, three lines, wait for the stock check to land (<c>wait_checks</c>), commit.</summary>
    private async Task CheckoutLoopAsync(int client, CancellationToken ct)
    {
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            var open = await api.PostAsync("open", "/api/sessions", new JsonObject { ["channel_code"] = _checkout }, ct);
            if (!open.Ok) continue;
            var key = open.Body!["session_key"]!.GetValue<string>();
            var modify = await api.PostAsync("modify", $"/api/sessions/{key}/modify",
                Ops(_checkout, AddLine(Sku(), 1), AddLine(Sku(), 2), AddLine(Sku(), 1)), ct);
            if (!modify.Ok) continue;
            var rev = modify.Body!["rev"]!.GetValue<int>();
            // One read that the server answers once the check has landed, in place of polling.
            var read = await api.GetAsync("wait_checks", $"/api/sessions/{key}?channel_code={_checkout}&wait_checks=true&wait_seconds=10", ct);
            if (!read.Ok) continue;
            if (read.Body!["data"]?["checks"]?["stock"]?["rev"]?.GetValue<int>() != rev)
            {
                // Not landed within the wait: counted, as 504, not left out of the figure.
                api.Recorder.Record("check_landed", read.Micros + modify.Micros, 504);
                continue;
            }
            api.Recorder.RecordSpan("check_landed", read.Micros + modify.Micros);
            var commit = await api.PostAsync("commit", $"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = _checkout }, ct,
                idempotencyKey: $"{runId}-{client}-{i}");
            if (commit.Status == 201) Interlocked.Increment(ref Committed);
        }
    }

    /// <summary>(c) GET a session, an order, and a page of the order list (or those of them <c>--reads</c> names).</summary>
    private async Task ReadLoopAsync(int client, CancellationToken ct)
    {
        for (var i = client; !ct.IsCancellationRequested; i++)
        {
            if (reads.Contains("session")) await api.GetAsync("get_session", $"/api/sessions/{_readSessions[i % _readSessions.Count]}?channel_code={_plain}", ct);
            if (reads.Contains("order")) await api.GetAsync("get_order", $"/api/orders/{_readOrders[i % _readOrders.Count]}", ct);
            if (reads.Contains("list")) await api.GetAsync("list_orders", $"/api/orders?channel_code={_plain}&page_size=25", ct);
        }
    }

    /// <summary>(d) <c>GET /api/health</c>: HTTP, routing and one trivial round trip to the database, the ceiling every other flow sits under.</summary>
    private async Task HealthLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested) await api.GetAsync("health", "/api/health", ct);
    }

    /// <summary>Subscribes a receiver to the checkout channel's <c>order.created</c>; returns the subscription's id.</summary>
    public async Task<string> SubscribeAsync(Uri receiver, CancellationToken ct) =>
        (await Require(api.PostAsync("setup", "/api/webhooks/subscriptions", new JsonObject
        {
            ["url"] = receiver.ToString(), ["events"] = new JsonArray("order.created"), ["channels"] = new JsonArray(_checkout),
        }, ct))).Body!["id"]!.GetValue<string>();

    /// <summary>Deletes a subscription; its pending deliveries are skipped.</summary>
    public Task UnsubscribeAsync(string id, CancellationToken ct) => Require(api.DeleteAsync("setup", $"/api/webhooks/subscriptions/{id}", ct));

    /// <summary>Orders of the checkout channel beyond one per session: zero unless a session was committed twice.</summary>
    public async Task<long> CountDuplicateOrdersAsync(CancellationToken ct)
    {
        long orders = 0;
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        string? next = $"/api/orders?channel_code={_checkout}&page_size=100";
        while (next is not null)
        {
            var page = (await Require(api.GetAsync("verify", next, ct))).Body!;
            foreach (var order in page["results"]!.AsArray())
            {
                orders++;
                sessions.Add(order!["session_key"]!.GetValue<string>());
            }
            next = page["next"]?.GetValue<string>();
        }
        return orders - sessions.Count;
    }

    private async Task<string> OpenAsync(string channel, CancellationToken ct) =>
        (await Require(api.PostAsync("open", "/api/sessions", new JsonObject { ["channel_code"] = channel }, ct))).Body!["session_key"]!.GetValue<string>();

#pragma warning disable CA5394 // picking a SKU needs no cryptographic randomness
    private string Sku() => Skus[Random.Shared.Next(Skus.Length)];
#pragma warning restore CA5394

    private static JsonObject AddLine(string sku, int qty) => new() { ["op"] = "add_line", ["sku"] = sku, ["qty"] = qty, ["unit_price_q"] = 1250 };

    private static JsonObject Ops(string channel, params JsonObject[] ops) => new() { ["channel_code"] = channel, ["ops"] = new JsonArray(ops) };

    private static async Task<Call> Require(Task<Call> call)
    {
        var result = await call;
        return result.Ok ? result : throw new InvalidOperationException($"Setup call failed with {result.Status}: {result.Body?.ToJsonString()}");
    }
}
