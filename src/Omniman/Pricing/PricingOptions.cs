namespace Omniman.Pricing;

/// <summary>Settings of <c>Omniman:Pricing</c>.</summary>
public sealed class PricingOptions
{
    public const string Section = "Omniman:Pricing";

    /// <summary>How long a catalog entry is cached by each process; 0 turns caching off.</summary>
    public double CacheSeconds { get; set; } = 300;
}
