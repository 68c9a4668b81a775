namespace Omniman.Pricing;

/// <summary>
/// Who is modifying: whether they may override a backend's price (<c>orders:write</c> or admin), and
/// whether they own the channel, so its <c>edit_policy: locked</c> does not stop them (an in-process
/// integration, or a key with <c>sessions:write_locked</c>).
/// </summary>
public sealed record ModifyActor(string? Name, bool MayOverridePrices, bool MayEditLocked = false)
{
    /// <summary>The kernel itself, when no caller is known: it overrides nothing and a lock stops it.</summary>
    public static ModifyActor System { get; } = new("system", false);

    /// <summary>A trusted in-process integration that owns its channel (a marketplace's adapter): locks do not stop it.</summary>
    public static ModifyActor Integration(string name) => new(name, MayOverridePrices: false, MayEditLocked: true);
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
