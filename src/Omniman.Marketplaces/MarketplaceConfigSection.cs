using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;

namespace Omniman.Marketplaces;

/// <summary>Validates a channel's <c>marketplace</c> key when the channel is saved: its shape, and a provider this server has.</summary>
internal sealed class MarketplaceConfigSection(MarketplaceAdapters adapters) : IChannelConfigSection
{
    public string Key => MarketplaceSettings.ConfigKey;

    public void Validate(JsonNode? value, ChannelConfig config)
    {
        if (value is null) return;
        var settings = MarketplaceSettings.Parse(value, config);
        if (!adapters.Has(settings.Provider))
            throw OmnimanException.Invalid("config.marketplace.provider",
                $"No marketplace '{settings.Provider}' is set up on this server; it has: {string.Join(", ", adapters.Providers)}.");
    }
}
