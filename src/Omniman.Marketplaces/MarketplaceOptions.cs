namespace Omniman.Marketplaces;

/// <summary>Settings of <c>Omniman:Marketplaces</c> shared by every marketplace (docs/marketplaces.md, "Settings").</summary>
public sealed class MarketplaceOptions
{
    public const string Section = "Omniman:Marketplaces";

    /// <summary>How often the worker polls each marketplace that is polled; iFood asks for every 30 s to keep stores open.</summary>
    public double PollSeconds { get; set; } = 30;
}
