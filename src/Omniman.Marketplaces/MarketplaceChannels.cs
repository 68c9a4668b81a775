using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Persistence;

namespace Omniman.Marketplaces;

/// <summary>The channels marketplaces feed, read from their config: which channel takes a merchant's orders, which merchants to poll.</summary>
internal sealed class MarketplaceChannels(OmnimanDb db)
{
    /// <summary>The active channel whose <c>marketplace</c> names this provider and merchant, if one does.</summary>
    public async Task<(Channel Channel, MarketplaceSettings Settings)?> ForMerchantAsync(string provider, string merchantId, CancellationToken ct)
    {
        foreach (var (channel, settings) in await OfProviderAsync(provider, ct))
            if (channel.IsActive && settings.MerchantIds.Contains(merchantId, StringComparer.Ordinal)) return (channel, settings);
        return null;
    }

    /// <summary>The merchants of the provider's active channels that ask to be polled.</summary>
    public async Task<IReadOnlyCollection<string>> PolledMerchantsAsync(string provider, CancellationToken ct) =>
        [.. (await OfProviderAsync(provider, ct)).Where(c => c.Channel.IsActive && c.Settings.Polling)
            .SelectMany(c => c.Settings.MerchantIds).Distinct(StringComparer.Ordinal)];

    // Channels are few and read rarely here (once per new order, once per poll): read them all rather than
    // index a key inside a JSON document. A channel saved with a broken key is skipped, not fatal.
    private async Task<List<(Channel Channel, MarketplaceSettings Settings)>> OfProviderAsync(string provider, CancellationToken ct)
    {
        var found = new List<(Channel, MarketplaceSettings)>();
        foreach (var channel in await db.Channels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct))
        {
            if (channel.Config[MarketplaceSettings.ConfigKey] is null) continue;
            MarketplaceSettings? settings;
            try
            {
                settings = MarketplaceSettings.Of(channel);
            }
            catch (Common.OmnimanException)
            {
                continue;
            }
            if (settings is not null && settings.Provider == provider) found.Add((channel, settings));
        }
        return found;
    }
}
