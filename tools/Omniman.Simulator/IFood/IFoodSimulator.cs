using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Omniman.Simulator.IFood;

/// <summary>
/// iFood's merchant API on a local port, as docs/marketplaces.md describes it: client-credential tokens that
/// expire (401 after), <c>events:polling</c> that returns every event until it is acknowledged, order details,
/// order actions that answer 202 and emit their event afterwards, cancellation reasons and refusals, signed
/// webhooks, and faults on request (5xx, 429, duplicates, events out of order, bad signatures). Tests use it as
/// a library (<see cref="StartAsync"/>); people run it beside the server (<c>dotnet run --project
/// tools/Omniman.Simulator -- ifood</c>) and drive it through <c>/_simulator/ifood/…</c>.
/// </summary>
public sealed class IFoodSimulator : IAsyncDisposable
{
    public const string DefaultClientId = "simulator-client";
    public const string DefaultClientSecret = "simulator-secret-0123456789";
    public const string DefaultMerchantId = "simulated-merchant";

    private SimulatedApi _api = null!;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _orders = new(StringComparer.Ordinal);
    private readonly List<IFoodSimEvent> _pending = [];
    private readonly HashSet<string> _acknowledged = new(StringComparer.Ordinal);
    private readonly List<IFoodSimAction> _actions = [];
    private int _displayIds = 1000;

    private IFoodSimulator(TimeProvider clock) => _clock = clock;

    /// <summary>Starts the simulator on <paramref name="port"/> (0: any free port) of the loopback address.</summary>
    public static async Task<IFoodSimulator> StartAsync(int port = 0, TimeProvider? clock = null, string clientId = DefaultClientId,
        string clientSecret = DefaultClientSecret)
    {
        var simulator = new IFoodSimulator(clock ?? TimeProvider.System) { ClientId = clientId, ClientSecret = clientSecret };
        simulator._api = await SimulatedApi.StartAsync(port, simulator._clock, simulator.HandleAsync);
        simulator.TokenLifetime = TimeSpan.FromHours(6);
        return simulator;
    }

    public string ClientId { get; private init; } = DefaultClientId;
    public string ClientSecret { get; private init; } = DefaultClientSecret;

    /// <summary><c>http://127.0.0.1:port</c>: Omniman's <c>Omniman:Marketplaces:IFood:BaseUrl</c>.</summary>
    public string BaseUrl => _api.BaseUrl;

    /// <summary>The settings that point Omniman at this simulator.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Omniman:Marketplaces:IFood:ClientId", ClientId),
        new("Omniman:Marketplaces:IFood:ClientSecret", ClientSecret),
        new("Omniman:Marketplaces:IFood:BaseUrl", BaseUrl),
    ];

    /// <summary>How long the tokens it issues last (<c>expiresIn</c>); iFood's docs say 6 h, clients see 3 h.</summary>
    public TimeSpan TokenLifetime { get => _api.TokenLifetime; set => _api.TokenLifetime = value; }

    /// <summary>Whether it refuses the next cancellation requests (a <c>CARF</c> event instead of <c>CAN</c>).</summary>
    public bool RefuseCancellations { get; set; }

    /// <summary>Whether polling answers newest first (events out of order), as iFood may.</summary>
    public bool ReverseOrder { get; set; }

    /// <summary>Whether polling sends every event twice in one answer.</summary>
    public bool DuplicateEvents { get; set; }

    /// <summary>Where it POSTs each event as a signed webhook when set (Omniman's <c>/api/webhooks/ifood</c>).</summary>
    public Uri? WebhookUrl { get; set; }

    public int TokensIssued => _api.TokensIssued;

    /// <summary>Requests refused with 401 for want of a live token.</summary>
    public int Unauthorized => _api.Unauthorized;

    public int Polls { get; private set; }

    public IReadOnlyList<IFoodSimAction> Actions { get { lock (_gate) return [.. _actions]; } }

    /// <summary>Events not acknowledged yet: polling returns them again.</summary>
    public IReadOnlyList<IFoodSimEvent> Pending { get { lock (_gate) return [.. _pending]; } }

    public IReadOnlyCollection<string> Acknowledged { get { lock (_gate) return [.. _acknowledged]; } }

    /// <summary>Places an order: its details are served and a <c>PLC</c> event waits for polling (and goes to the webhook).</summary>
    public string PlaceOrder(string merchantId = DefaultMerchantId, IReadOnlyList<IFoodSimOrders.Item>? items = null)
    {
        var placed = Place(merchantId, items);
        SendInBackground(placed);
        return placed.OrderId;
    }

    /// <summary>Places an order and returns its <c>PLC</c> event, leaving its webhook to the caller (a burst times it).</summary>
    internal IFoodSimEvent Place(string merchantId, IReadOnlyList<IFoodSimOrders.Item>? items = null)
    {
        var id = Guid.NewGuid().ToString();
        lock (_gate)
            _orders[id] = IFoodSimOrders.Order(id, (++_displayIds).ToString(System.Globalization.CultureInfo.InvariantCulture), merchantId,
                items ?? IFoodSimOrders.DefaultItems, _clock.GetUtcNow());
        return Add(id, "PLC", null);
    }

    public JsonObject? Order(string orderId) { lock (_gate) return _orders.GetValueOrDefault(orderId)?.DeepClone() as JsonObject; }

    /// <summary>Adds an event of the order (a status change on iFood's side) and returns it.</summary>
    public IFoodSimEvent Emit(string orderId, string code, DateTimeOffset? createdAt = null)
    {
        var simEvent = Add(orderId, code, createdAt);
        SendInBackground(simEvent);
        return simEvent;
    }

    private IFoodSimEvent Add(string orderId, string code, DateTimeOffset? createdAt)
    {
        lock (_gate)
        {
            var merchant = _orders.TryGetValue(orderId, out var order) ? order["merchant"]!["id"]!.GetValue<string>() : DefaultMerchantId;
            var simEvent = new IFoodSimEvent(Guid.NewGuid().ToString(), code, IFoodSimEvent.FullCodes.GetValueOrDefault(code, code), orderId, merchant,
                createdAt ?? _clock.GetUtcNow());
            _pending.Add(simEvent);
            return simEvent;
        }
    }

    private void SendInBackground(IFoodSimEvent simEvent)
    {
        if (WebhookUrl is not null) _ = SendWebhookAsync(simEvent.ToJson().ToJsonString());
    }

    /// <summary>Makes every token it issued invalid now: the next call with one is a 401.</summary>
    public void ExpireTokens() => _api.ExpireTokens();

    /// <summary>Answers the next <paramref name="times"/> requests whose path contains <paramref name="path"/> with <paramref name="status"/>.</summary>
    public void Fail(string path, int status, int times = 1) => _api.Fail(path, status, times);

    /// <summary>The <c>X-IFood-Signature</c> of a body: hex HMAC-SHA256 keyed with the client secret.</summary>
    public string Sign(string body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ClientSecret), Encoding.UTF8.GetBytes(body)));

    /// <summary>POSTs <paramref name="body"/> to <see cref="WebhookUrl"/> (or <paramref name="url"/>), signed or, on request, signed wrong.</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(string body, bool badSignature = false, Uri? url = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url ?? WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-IFood-Signature", badSignature ? Sign(body + " ") : Sign(body));
        return await _api.Webhooks.SendAsync(request);
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/_simulator/ifood", StringComparison.Ordinal))
        {
            await IFoodSimControl.HandleAsync(this, http, path["/_simulator/ifood".Length..]);
            return;
        }
        if (await _api.AnswerFaultAsync(http, status => new { error = new { code = "Simulated", message = $"simulated {status}" } })) return;
        if (path == "/authentication/v1.0/oauth/token" && HttpMethods.IsPost(http.Request.Method))
        {
            await IssueTokenAsync(http);
            return;
        }
        if (!Authorized(http))
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { message = "token expired or invalid" });
            return;
        }
        await IFoodSimApi.HandleAsync(this, http, path);
    }

    private async Task IssueTokenAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        if (form["grantType"] != "client_credentials" || form["clientId"] != ClientId || form["clientSecret"] != ClientSecret)
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "Unauthorized", message = "bad client credentials" } });
            return;
        }
        var token = _api.IssueToken("sim.");
        await http.Response.WriteAsJsonAsync(new JsonObject { ["accessToken"] = token, ["type"] = "bearer", ["expiresIn"] = (long)TokenLifetime.TotalSeconds });
    }

    private bool Authorized(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : "";
        return _api.Authorized(token);
    }

    internal JsonArray Poll()
    {
        lock (_gate)
        {
            Polls++;
            IEnumerable<IFoodSimEvent> events = ReverseOrder ? Enumerable.Reverse(_pending) : _pending;
            var answer = new JsonArray();
            foreach (var e in events)
            {
                answer.Add(e.ToJson());
                if (DuplicateEvents) answer.Add(e.ToJson());
            }
            return answer;
        }
    }

    internal void Acknowledge(IEnumerable<string> ids)
    {
        lock (_gate)
        {
            foreach (var id in ids) _acknowledged.Add(id);
            _pending.RemoveAll(e => _acknowledged.Contains(e.Id));
        }
    }

    internal void Record(IFoodSimAction action) { lock (_gate) _actions.Add(action); }

    internal bool HasOrder(string orderId) { lock (_gate) return _orders.ContainsKey(orderId); }

    public ValueTask DisposeAsync() => _api.DisposeAsync();
}
