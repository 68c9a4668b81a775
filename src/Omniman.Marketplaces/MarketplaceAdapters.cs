namespace Omniman.Marketplaces;

/// <summary>The marketplaces this server speaks to, by provider name.</summary>
public sealed class MarketplaceAdapters(IEnumerable<IMarketplaceAdapter> adapters)
{
    private readonly Dictionary<string, IMarketplaceAdapter> _byProvider = adapters.ToDictionary(a => a.Provider, StringComparer.Ordinal);

    public IEnumerable<string> Providers => _byProvider.Keys;

    public IEnumerable<IMarketplaceAdapter> All => _byProvider.Values;

    public bool Has(string provider) => _byProvider.ContainsKey(provider);

    public IMarketplaceAdapter? Find(string provider) => _byProvider.GetValueOrDefault(provider);

    public IMarketplaceAdapter Get(string provider) =>
        Find(provider) ?? throw new InvalidOperationException($"No marketplace adapter for '{provider}'.");
}
