using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.Rappi;

/// <summary>
/// Rappi's partner API as a marketplace (docs/marketplaces.md, "Rappi"). Rappi returns each new order once (reading
/// it moves it from READY to SENT), so a poll reads the new orders and also those already sent and not yet taken:
/// an order read by a poll that crashed before storing it comes back that way, and the inbox keeps one. The order
/// travels whole in its event, so nothing is fetched again. Acknowledging is the read itself; taking the order
/// (our <c>confirmed</c>) removes it from the sent list.
/// </summary>
internal sealed class RappiAdapter(RappiApi api, IOptions<RappiOptions> options) : IMarketplaceAdapter
{
    private const string Orders = "/restaurants/orders/v1";

    public string Provider => RappiApi.Provider;

    public bool Polls => true;

    public WebhookReading ReadWebhook(ReadOnlySpan<byte> body, IHeaderDictionary headers)
    {
        if (!RappiSignature.Verify(body, headers[RappiSignature.Header].ToString(), options.Value.WebhookSecret))
            throw new MarketplaceSignatureException($"The {RappiSignature.Header} header does not sign this body.");
        var parsed = MarketplaceJson.ParseBody(body);
        // Rappi's health check and every event are answered 200; a PING holds no event.
        return new WebhookReading(RappiEvents.ReadWebhook(parsed), Microsoft.AspNetCore.Http.StatusCodes.Status200OK);
    }

    /// <summary>
    /// The client's new orders, then those sent and not taken. Rappi lists every store of the client: orders of a store
    /// no channel takes are stored too (they cannot be asked for again) and their import says which store it was.
    /// </summary>
    public async Task<IReadOnlyList<InboundEvent>> PollAsync(IReadOnlyCollection<string> merchantIds, CancellationToken ct)
    {
        var events = new List<InboundEvent>();
        foreach (var path in new[] { $"{Orders}/orders", $"{Orders}/orders/status/sent" })
        {
            using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url(path)), ct);
            var body = await RappiApi.ReadAsync(response, path, ct);
            var list = body as JsonArray ?? body?["orders"] as JsonArray ?? body?["data"] as JsonArray ?? [];
            events.AddRange(list.Select(RappiEvents.FromOrder).OfType<InboundEvent>());
        }
        return [.. events.DistinctBy(e => e.EventId, StringComparer.Ordinal)];
    }

    /// <summary>Reading an order is what tells Rappi it arrived: there is nothing more to send.</summary>
    public Task AcknowledgeAsync(IReadOnlyList<InboundEvent> events, CancellationToken ct) => Task.CompletedTask;

    public InboundEventKind Classify(InboundEvent inbound) => RappiEvents.Classify(inbound);

    public IReadOnlyList<string> StatusCodes(InboundEvent inbound) => RappiEvents.StatusCodes(inbound);

    /// <summary>The order as the event stored it: Rappi would not return it again.</summary>
    public Task<MarketplaceOrderDetails> FetchOrderAsync(string orderId, InboundEvent placed, CancellationToken ct) =>
        Task.FromResult(RappiOrderReader.Read(placed.Raw, orderId));

    public async Task<ActionOutcome> SendAsync(ActionRequest request, CancellationToken ct)
    {
        var order = $"{Orders}/stores/{Uri.EscapeDataString(request.MerchantId)}/orders/{Uri.EscapeDataString(request.OrderId)}";
        var (method, path, body) = request.Action switch
        {
            MarketplaceActions.Confirm =>
                (HttpMethod.Put, $"{order}/cooking_time/{RappiOrderReader.CookingMinutes(request.OrderData, options.Value.CookingMinutes)}/take", null),
            MarketplaceActions.Ready => (HttpMethod.Post, $"{order}/ready-for-pickup", null),
            MarketplaceActions.Cancel => (HttpMethod.Put,
                $"{order}/cancel_type/{Uri.EscapeDataString(request.CancellationCode ?? options.Value.RejectType)}/reject",
                new JsonObject { ["reason"] = request.Reason ?? "Rejected by the store" }),
            _ => (null, null, (JsonObject?)null),
        };
        // Rappi has no start-of-preparation or dispatch of its own: its courier picks the order up.
        if (method is null || path is null) return ActionOutcome.NotSupported;
        using var response = await api.SendAsync(() => new HttpRequestMessage(method, api.Url(path))
        {
            Content = body is null ? null : JsonContent.Create(body),
        }, ct);
        return await MarketplaceHttp.ActionOutcomeAsync(response, "Rappi", request.Action, ct);
    }
}
