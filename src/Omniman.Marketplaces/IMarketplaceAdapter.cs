using Microsoft.AspNetCore.Http;

namespace Omniman.Marketplaces;

/// <summary>
/// One marketplace's side of the protocol (docs/marketplaces.md, "Adding a marketplace"): how it signs
/// webhooks, how it is polled and acknowledged, what its event codes mean, how its orders read and how
/// our moves are sent. The framework does the rest (inbox, de-duplication, directives, status mapping,
/// retries), so a new marketplace is one adapter.
/// </summary>
public interface IMarketplaceAdapter
{
    /// <summary>The provider's name: the channel config's <c>marketplace.provider</c> and the webhook's path.</summary>
    string Provider { get; }

    /// <summary>
    /// Checks a webhook delivery's signature over its raw bytes and reads its events; throws
    /// <see cref="MarketplaceSignatureException"/> when the signature is missing or wrong.
    /// </summary>
    WebhookReading ReadWebhook(ReadOnlySpan<byte> body, IHeaderDictionary headers);

    /// <summary>Whether this provider is polled at all (a provider that only pushes answers false).</summary>
    bool Polls { get; }

    /// <summary>The events waiting for the given merchants; throws <see cref="MarketplaceUnavailableException"/> when the marketplace cannot answer now.</summary>
    Task<IReadOnlyList<InboundEvent>> PollAsync(IReadOnlyCollection<string> merchantIds, CancellationToken ct);

    /// <summary>Tells the marketplace these events are stored, so it stops sending them. Called only after they are.</summary>
    Task AcknowledgeAsync(IReadOnlyList<InboundEvent> events, CancellationToken ct);

    InboundEventKind Classify(InboundEvent inbound);

    /// <summary>
    /// The codes an event may be known by in a channel's <c>status_mapping</c>, best first (a short code,
    /// a full name, an alias the provider's documentation also uses): the first one mapped is applied.
    /// </summary>
    IReadOnlyList<string> StatusCodes(InboundEvent inbound);

    /// <summary>The order's details as the marketplace has them; <see cref="MarketplaceUnavailableException"/> when it cannot answer now.</summary>
    Task<MarketplaceOrderDetails> FetchOrderAsync(string orderId, InboundEvent placed, CancellationToken ct);

    /// <summary>Sends one of our moves; the answer is whether it was accepted, not its result (which arrives as an event).</summary>
    Task<ActionOutcome> SendAsync(ActionRequest request, CancellationToken ct);
}
