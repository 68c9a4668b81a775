using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Omniman.Simulator.Rappi;

/// <summary>
/// Rappi's partner API on a local port, as docs/marketplaces.md describes it: token login (refused with 401 once
/// expired), the <c>x-authorization</c> header, new orders returned once (reading moves them from READY to SENT) and
/// the sent list, take with cooking time, reject, ready for pickup, webhooks signed <c>Rappi-Signature: t=…,sign=…</c>
/// (NEW_ORDER, ORDER_EVENT_CANCEL, PING), and faults on request. Tests use it as a library (<see cref="StartAsync"/>);
/// people run it beside the server (<c>dotnet run --project tools/Omniman.Simulator -- rappi</c>).
/// </summary>
public sealed class RappiSimulator : IAsyncDisposable
{
    public const string DefaultClientId = "simulator-rappi-client";
    public const string DefaultClientSecret = "simulator-rappi-secret-0123456789";
    public const string DefaultWebhookSecret = "simulator-rappi-webhook-secret";
    public const string DefaultStoreId = "simulated-store";
    private const string Orders = "/restaurants/orders/v1";

    private SimulatedApi _api = null!;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (JsonObject Order, string State)> _orders = new(StringComparer.Ordinal);
    private readonly List<RappiSimAction> _actions = [];
    private int _orderIds = 700000;

    private RappiSimulator(TimeProvider clock) => _clock = clock;

    /// <summary>Starts the simulator on <paramref name="port"/> (0: any free port) of the loopback address.</summary>
    public static async Task<RappiSimulator> StartAsync(int port = 0, TimeProvider? clock = null, string clientId = DefaultClientId,
        string clientSecret = DefaultClientSecret, string webhookSecret = DefaultWebhookSecret)
    {
        var simulator = new RappiSimulator(clock ?? TimeProvider.System)
        {
            ClientId = clientId, ClientSecret = clientSecret, WebhookSecret = webhookSecret,
        };
        simulator._api = await SimulatedApi.StartAsync(port, simulator._clock, simulator.HandleAsync);
        simulator.TokenLifetime = TimeSpan.FromDays(7);
        return simulator;
    }

    public string ClientId { get; private init; } = DefaultClientId;
    public string ClientSecret { get; private init; } = DefaultClientSecret;
    public string WebhookSecret { get; private init; } = DefaultWebhookSecret;

    /// <summary><c>http://127.0.0.1:port</c>: Omniman's <c>Omniman:Marketplaces:Rappi:BaseUrl</c>.</summary>
    public string BaseUrl => _api.BaseUrl;

    /// <summary>The settings that point Omniman at this simulator.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Omniman:Marketplaces:Rappi:ClientId", ClientId),
        new("Omniman:Marketplaces:Rappi:ClientSecret", ClientSecret),
        new("Omniman:Marketplaces:Rappi:WebhookSecret", WebhookSecret),
        new("Omniman:Marketplaces:Rappi:BaseUrl", BaseUrl),
    ];

    /// <summary>How long the tokens it issues last (<c>expires_in</c>); Rappi's docs say a week.</summary>
    public TimeSpan TokenLifetime { get => _api.TokenLifetime; set => _api.TokenLifetime = value; }

    /// <summary>Whether only the older login (<c>/restaurants/auth/oauth/token</c>) is there, as on a domain not yet moved to the current one.</summary>
    public bool LegacyLoginOnly { get; set; }

    /// <summary>Where it POSTs NEW_ORDER and cancellations as signed webhooks when set (Omniman's <c>/api/webhooks/rappi</c>).</summary>
    public Uri? WebhookUrl { get; set; }

    public int TokensIssued => _api.TokensIssued;

    /// <summary>Requests refused with 401 for want of a live token.</summary>
    public int Unauthorized => _api.Unauthorized;

    public IReadOnlyList<RappiSimAction> Actions { get { lock (_gate) return [.. _actions]; } }

    /// <summary>The order's state on Rappi's side: READY (new), SENT (read, not taken), TAKEN, REJECTED, READY_FOR_PICKUP, CANCELED.</summary>
    public string? State(string orderId) { lock (_gate) return _orders.TryGetValue(orderId, out var o) ? o.State : null; }

    /// <summary>Places an order: it waits as READY for the next read of new orders (and goes to the webhook).</summary>
    public string PlaceOrder(string storeId = DefaultStoreId)
    {
        JsonObject order;
        lock (_gate)
        {
            var id = (++_orderIds).ToString(CultureInfo.InvariantCulture);
            order = RappiSimOrders.Order(id, storeId, _clock.GetUtcNow());
            _orders[id] = (order, "READY");
        }
        if (WebhookUrl is not null) _ = SendWebhookAsync(order.ToJsonString());
        return order["order_detail"]!["order_id"]!.GetValue<string>();
    }

    public JsonObject? Order(string orderId) { lock (_gate) return _orders.GetValueOrDefault(orderId).Order?.DeepClone() as JsonObject; }

    /// <summary>What <c>GET orders</c> answers: the READY orders, which are SENT from then on and never listed there again.</summary>
    public JsonArray ReadNewOrders()
    {
        lock (_gate)
        {
            var answer = new JsonArray();
            foreach (var (id, (order, state)) in _orders.Where(o => o.Value.State == "READY").ToList())
            {
                answer.Add(order.DeepClone());
                _orders[id] = (order, "SENT");
            }
            return answer;
        }
    }

    /// <summary>Rappi's side cancels the order and sends ORDER_EVENT_CANCEL (<c>{event, order_id, store_id}</c>) to the webhook.</summary>
    public async Task<HttpResponseMessage?> CancelAsync(string orderId, string reason = "canceled_with_charge")
    {
        string storeId;
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var held)) return null;
            _orders[orderId] = (held.Order, "CANCELED");
            storeId = held.Order["store"]!["internal_id"]!.GetValue<string>();
        }
        if (WebhookUrl is null) return null;
        var body = new JsonObject
        {
            ["event"] = reason, ["order_id"] = orderId, ["store_id"] = storeId,
            ["event_time"] = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        return await SendWebhookAsync(body.ToJsonString());
    }

    /// <summary>Makes every token it issued invalid now: the next call with one is a 401.</summary>
    public void ExpireTokens() => _api.ExpireTokens();

    /// <summary>Answers the next <paramref name="times"/> requests whose path contains <paramref name="path"/> with <paramref name="status"/>.</summary>
    public void Fail(string path, int status, int times = 1) => _api.Fail(path, status, times);

    /// <summary>The <c>Rappi-Signature</c> of a body at <paramref name="timestamp"/>: hex HMAC-SHA256 of <c>t.body</c>, keyed with the webhook secret.</summary>
    public string Signature(string body, string timestamp)
    {
        var sign = HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},sign={Convert.ToHexStringLower(sign)}";
    }

    /// <summary>POSTs <paramref name="body"/> to <see cref="WebhookUrl"/> (or <paramref name="url"/>), signed or, on request, signed wrong.</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(string body, bool badSignature = false, Uri? url = null)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url ?? WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Rappi-Signature", Signature(badSignature ? body + " " : body, timestamp));
        return await _api.Webhooks.SendAsync(request);
    }

    /// <summary>Rappi's health check, signed like every webhook.</summary>
    public Task<HttpResponseMessage> PingAsync(Uri? url = null) => SendWebhookAsync("""{"event":"PING"}""", url: url);

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/_simulator/rappi", StringComparison.Ordinal))
        {
            await RappiSimControl.HandleAsync(this, http, path["/_simulator/rappi".Length..]);
            return;
        }
        if (await _api.AnswerFaultAsync(http, status => new { message = $"simulated {status}" })) return;
        var login = LegacyLoginOnly
            ? path == "/restaurants/auth/oauth/token"
            : path is "/restaurants/auth/v1/token/login/integrations" or "/restaurants/auth/v1/token/login/utils";
        if (login && HttpMethods.IsPost(http.Request.Method))
        {
            await IssueTokenAsync(http);
            return;
        }
        if (path.StartsWith("/restaurants/auth/", StringComparison.Ordinal))
        {
            http.Response.StatusCode = 404;   // a login this domain does not have
            return;
        }
        if (!Authorized(http))
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { message = "token expired or invalid" });
            return;
        }
        await HandleApiAsync(http, path);
    }

    private async Task HandleApiAsync(HttpContext http, string path)
    {
        var method = http.Request.Method;
        if (path == $"{Orders}/orders" && HttpMethods.IsGet(method))
        {
            await http.Response.WriteAsJsonAsync(ReadNewOrders());
            return;
        }
        if (path == $"{Orders}/orders/status/sent" && HttpMethods.IsGet(method))
        {
            JsonArray sent;
            lock (_gate) sent = [.. _orders.Values.Where(o => o.State == "SENT").Select(o => (JsonNode)o.Order.DeepClone())];
            await http.Response.WriteAsJsonAsync(sent);
            return;
        }
        // stores/{store}/orders/{order}/(take | cooking_time/{n}/take | cancel_type/{type}/reject | ready-for-pickup)
        var parts = path.StartsWith($"{Orders}/stores/", StringComparison.Ordinal) ? path[$"{Orders}/stores/".Length..].Split('/') : [];
        if (parts.Length < 4 || parts[1] != "orders")
        {
            http.Response.StatusCode = 404;
            return;
        }
        var (storeId, orderId, rest) = (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[2]), parts[3..]);
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var held) || held.Order["store"]!["internal_id"]!.GetValue<string>() != storeId)
            {
                http.Response.StatusCode = 404;
                return;
            }
        }
        var (action, argument, state) = rest switch
        {
            ["take"] when HttpMethods.IsPut(method) => ("take", null, "TAKEN"),
            ["cooking_time", var minutes, "take"] when HttpMethods.IsPut(method) => ("take", minutes, "TAKEN"),
            ["cancel_type", var type, "reject"] when HttpMethods.IsPut(method) => ("reject", type, "REJECTED"),
            ["ready-for-pickup"] when HttpMethods.IsPost(method) => ("ready-for-pickup", null, "READY_FOR_PICKUP"),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (action is null || state is null)
        {
            http.Response.StatusCode = 404;
            return;
        }
        var body = http.Request.HasJsonContentType() ? await http.Request.ReadFromJsonAsync<JsonObject>() : null;
        lock (_gate)
        {
            var held = _orders[orderId];
            if (held.State is "REJECTED" or "CANCELED")
            {
                http.Response.StatusCode = 409;
                return;
            }
            _orders[orderId] = (held.Order, state);
            _actions.Add(new RappiSimAction(orderId, action, argument, body?["reason"]?.GetValue<string>()));
        }
        http.Response.StatusCode = 200;
        await http.Response.WriteAsJsonAsync(new { order_id = orderId, state });
    }

    private async Task IssueTokenAsync(HttpContext http)
    {
        var body = await http.Request.ReadFromJsonAsync<JsonObject>();
        if (body?["client_id"]?.GetValue<string>() != ClientId || body["client_secret"]?.GetValue<string>() != ClientSecret)
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { message = "bad client credentials" });
            return;
        }
        var token = _api.IssueToken("rappi-sim.");
        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = (long)TokenLifetime.TotalSeconds,
        });
    }

    /// <summary>Only the <c>x-authorization</c> header counts: a token in <c>Authorization</c> is refused, as Rappi does.</summary>
    private bool Authorized(HttpContext http)
    {
        var header = http.Request.Headers["x-authorization"].ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : "";
        return _api.Authorized(token);
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();
}

/// <summary>One of our moves as the simulator received it: <c>take</c> (argument: the cooking time), <c>reject</c> (the cancel type), <c>ready-for-pickup</c>.</summary>
public sealed record RappiSimAction(string OrderId, string Action, string? Argument, string? Reason);
