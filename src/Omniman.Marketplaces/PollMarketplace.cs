using Microsoft.Extensions.Logging;

namespace Omniman.Marketplaces;

/// <summary>
/// One poll of a marketplace for its channels' merchants: store what came, then acknowledge it. The
/// acknowledgement comes only after the store committed, so an event is never acknowledged and lost; a
/// crash between the two gets the same events again next time, which the inbox skips.
/// </summary>
internal sealed class PollMarketplace(MarketplaceChannels channels, StoreInboundEvents store, ILogger<PollMarketplace> logger)
{
    /// <summary>The events received and how many of them were new.</summary>
    public async Task<(int Received, int Stored)> ExecuteAsync(IMarketplaceAdapter adapter, CancellationToken ct)
    {
        var merchants = await channels.PolledMerchantsAsync(adapter.Provider, ct);
        if (merchants.Count == 0) return (0, 0);
        var events = await adapter.PollAsync(merchants, ct);
        if (events.Count == 0) return (0, 0);
        var stored = await store.ExecuteAsync(adapter.Provider, events, ct);
        await adapter.AcknowledgeAsync(events, ct);
        logger.LogDebug("Polled {Provider}: {Received} events, {Stored} new.", adapter.Provider, events.Count, stored);
        return (events.Count, stored);
    }
}
