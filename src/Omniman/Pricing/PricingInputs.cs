namespace Omniman.Pricing;

/// <summary>Who is modifying, and whether they may override a backend's price (orders:write or admin).</summary>
public sealed record ModifyActor(string? Name, bool MayOverridePrices)
{
    public static ModifyActor System { get; } = new("system", false);
}

/// <summary>
/// Everything the pure pricing steps need that takes I/O to know, gathered before the pipeline:
/// backend quotes by SKU, the promotions the request may name, the actor, the time.
/// </summary>
public sealed record PricingInputs(
    IReadOnlyDictionary<string, PriceQuote> Quotes,
    IReadOnlyDictionary<string, PromotionTerms> Promotions,
    ModifyActor Actor,
    DateTime NowUtc)
{
    public static PricingInputs Empty(DateTime nowUtc) =>
        new(new Dictionary<string, PriceQuote>(), new Dictionary<string, PromotionTerms>(), ModifyActor.System, nowUtc);
}
