using Omniman.Channels;
using Omniman.Common;

namespace Omniman.Sessions.Ops;

/// <summary>Picks a line's unit price by the session's pricing policy (spec §8).</summary>
internal static class LinePricing
{
    public static long Resolve(SessionDraft draft, string sku, long? payloadPrice, int opIndex)
    {
        var backend = draft.BackendPrices.TryGetValue(sku, out var found) ? found : (long?)null;
        var price = draft.PricingPolicy switch
        {
            PricingPolicies.Internal => payloadPrice ?? throw new OmnimanException("missing_unit_price_q",
                "This channel's prices come with the op: 'unit_price_q' is required.", new { field = "unit_price_q", sku, op_index = opIndex }),
            PricingPolicies.External => backend,
            _ => backend ?? payloadPrice,
        };
        return price ?? throw new OmnimanException("price_not_found", $"No price for '{sku}'.", new { sku, op_index = opIndex });
    }
}
