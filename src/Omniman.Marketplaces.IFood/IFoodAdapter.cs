using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.IFood;

/// <summary>
/// iFood's merchant API as a marketplace (docs/marketplaces.md, "iFood"): webhooks signed with the client
/// secret, polling <c>events:polling</c> with acknowledgement, orders from <c>/order/v1.0/orders/{id}</c>, and our
/// moves as its order actions, all of which answer 202 before the event that tells the result.
/// </summary>
internal sealed class IFoodAdapter(IFoodApi api, IOptions<IFoodOptions> options) : IMarketplaceAdapter
{
    /// <summary>iFood takes at most 100 merchants per poll (<c>x-polling-merchants</c>).</summary>
    private const int MerchantsPerPoll = 100;

    /// <summary>iFood takes at most 2,000 ids per acknowledgement.</summary>
    private const int IdsPerAcknowledgement = 2000;

    /// <summary>The Events module's prefix; clients written before it use the same endpoints under the Order module.</summary>
    private static readonly string[] EventPrefixes = ["/events/v1.0", "/order/v1.0"];

    private static readonly Dictionary<string, string> ActionPaths = new(StringComparer.Ordinal)
    {
        [MarketplaceActions.Confirm] = "confirm",
        [MarketplaceActions.StartPreparation] = "startPreparation",
        [MarketplaceActions.Ready] = "readyToPickup",
        [MarketplaceActions.Dispatch] = "dispatch",
    };

    // Which prefix this server's iFood answers on; found by the first poll, kept for the process.
    private volatile string _eventPrefix = EventPrefixes[0];

    public string Provider => IFoodApi.Provider;

    public bool Polls => true;

    public WebhookReading ReadWebhook(ReadOnlySpan<byte> body, IHeaderDictionary headers)
    {
        if (!IFoodSignature.Verify(body, headers[IFoodSignature.Header].ToString(), options.Value.ClientSecret))
            throw new MarketplaceSignatureException($"The {IFoodSignature.Header} header does not sign this body.");
        var parsed = MarketplaceJson.ParseBody(body);
        return new WebhookReading(IFoodEvents.ReadAll(parsed), Microsoft.AspNetCore.Http.StatusCodes.Status202Accepted);
    }

    public async Task<IReadOnlyList<InboundEvent>> PollAsync(IReadOnlyCollection<string> merchantIds, CancellationToken ct)
    {
        var events = new List<InboundEvent>();
        foreach (var merchants in merchantIds.Chunk(MerchantsPerPoll))
        {
            using var response = await SendEventsAsync(prefix =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, api.Url($"{prefix}/events:polling?categories=ALL"));
                request.Headers.TryAddWithoutValidation("x-polling-merchants", string.Join(',', merchants));
                return request;
            }, ct);
            events.AddRange(IFoodEvents.ReadAll(await IFoodApi.ReadAsync(response, "events:polling", ct)));
        }
        return [.. events.OrderBy(e => e.OccurredAtUtc ?? DateTime.MaxValue)];
    }

    public async Task AcknowledgeAsync(IReadOnlyList<InboundEvent> events, CancellationToken ct)
    {
        foreach (var batch in events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Chunk(IdsPerAcknowledgement))
        {
            var body = new JsonArray([.. batch.Select(id => (JsonNode)new JsonObject { ["id"] = id })]);
            using var response = await SendEventsAsync(prefix => new HttpRequestMessage(HttpMethod.Post, api.Url($"{prefix}/events/acknowledgment"))
            {
                Content = JsonContent.Create(body),
            }, ct);
            await IFoodApi.ReadAsync(response, "events/acknowledgment", ct);
        }
    }

    public InboundEventKind Classify(InboundEvent inbound) => IFoodEvents.Classify(inbound);

    public IReadOnlyList<string> StatusCodes(InboundEvent inbound) => IFoodEvents.StatusCodes(inbound);

    public async Task<MarketplaceOrderDetails> FetchOrderAsync(string orderId, InboundEvent placed, CancellationToken ct)
    {
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, OrderUrl(orderId, "")), ct);
        // Details can lag the PLC event by a moment: a 404 now is "not yet", retried like a 5xx.
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new MarketplaceUnavailableException($"iFood has no details of order {orderId} yet (404).");
        var order = await IFoodApi.ReadAsync(response, $"order {orderId}", ct) as JsonObject
            ?? throw new MarketplaceUnavailableException($"iFood answered order {orderId} with no order.");
        return IFoodOrderReader.Read(order, orderId, TimeSpan.FromMinutes(options.Value.ConfirmWithinMinutes));
    }

    public async Task<ActionOutcome> SendAsync(ActionRequest request, CancellationToken ct)
    {
        if (request.Action == MarketplaceActions.Cancel) return await RequestCancellationAsync(request, ct);
        if (!ActionPaths.TryGetValue(request.Action, out var path)) return ActionOutcome.NotSupported;
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, OrderUrl(request.OrderId, "/" + path)), ct);
        return await OutcomeAsync(response, path, ct);
    }

    /// <summary>
    /// The codes iFood accepts differ by order and moment (before or after confirmation, the store's policy): the
    /// list is read for this order now, and the channel's preferred code used only when the list has it.
    /// </summary>
    private async Task<ActionOutcome> RequestCancellationAsync(ActionRequest request, CancellationToken ct)
    {
        using var listed = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, OrderUrl(request.OrderId, "/cancellationReasons")), ct);
        IFoodApi.EnsureAvailable(listed, "cancellationReasons");
        if (!listed.IsSuccessStatusCode) return ActionOutcome.Refused($"iFood lists no cancellation reasons ({(int)listed.StatusCode}): {await listed.Content.ReadAsStringAsync(ct)}");
        var reasons = listed.StatusCode == HttpStatusCode.NoContent ? [] : (await listed.Content.ReadFromJsonAsync<JsonNode>(ct) as JsonArray ?? []);
        var codes = reasons.OfType<JsonObject>().Select(r => r["cancellationCode"] ?? r["code"]).Select(c => c?.ToString()).OfType<string>().ToList();
        if (codes.Count == 0) return ActionOutcome.Refused("iFood offers no cancellation reason for this order now.");
        var code = request.CancellationCode is { } preferred && codes.Contains(preferred) ? preferred : codes[0];
        var body = new JsonObject { ["reason"] = request.Reason ?? "Cancelled by the store", ["cancellationCode"] = code };
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, OrderUrl(request.OrderId, "/requestCancellation"))
        {
            Content = JsonContent.Create(body),
        }, ct);
        return await OutcomeAsync(response, $"requestCancellation (code {code})", ct);
    }

    /// <summary>iFood answers 202: accepted, not done.</summary>
    private static Task<ActionOutcome> OutcomeAsync(HttpResponseMessage response, string what, CancellationToken ct) =>
        MarketplaceHttp.ActionOutcomeAsync(response, "iFood", what, ct);

    private Uri OrderUrl(string orderId, string suffix) => api.Url($"/order/v1.0/orders/{Uri.EscapeDataString(orderId)}{suffix}");

    /// <summary>Sends to the Events module; when that answers 404, to the older prefix, which is kept from then on.</summary>
    private async Task<HttpResponseMessage> SendEventsAsync(Func<string, HttpRequestMessage> build, CancellationToken ct)
    {
        var prefix = _eventPrefix;
        var response = await api.SendAsync(() => build(prefix), ct);
        if (response.StatusCode != HttpStatusCode.NotFound) return response;
        var other = Array.Find(EventPrefixes, p => p != prefix)!;
        var retried = await api.SendAsync(() => build(other), ct);
        if (retried.StatusCode == HttpStatusCode.NotFound)
        {
            retried.Dispose();
            return response;
        }
        response.Dispose();
        _eventPrefix = other;
        return retried;
    }
}
