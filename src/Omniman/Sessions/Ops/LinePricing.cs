using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Pricing;

namespace Omniman.Sessions.Ops;

/// <summary>An op's request to set a backend-owned price by hand, with the reason the audit records.</summary>
public sealed record PriceOverride(string Reason);

/// <summary>A line's price, where it came from, and the catalog's name for the SKU.</summary>
internal sealed record LinePrice(long UnitPriceQ, string Source, string? CatalogName, JsonObject? OverrideAudit);

/// <summary>Picks a line's unit price by the session's pricing policy (docs/concepts.md, Pricing); the one place these rules live.</summary>
internal static class LinePricing
{
    public static LinePrice Resolve(SessionDraft draft, string sku, long? payloadPrice, PriceOverride? priceOverride, int opIndex)
    {
        var quote = draft.Inputs.Quotes.GetValueOrDefault(sku);
        if (draft.PricingPolicy == PricingPolicies.Internal)
        {
            return payloadPrice is { } given
                ? new LinePrice(given, "payload", quote?.Name, null)
                : throw new OmnimanException("missing_unit_price_q", "This channel's prices come with the op: 'unit_price_q' is required.",
                    new { field = "unit_price_q", sku, op_index = opIndex });
        }
        var status = quote?.Status ?? PriceQuoteStatus.NoPrice;
        // Mixed channels sell SKUs the catalog lacks (the payload prices them); external ones do not.
        if (status == PriceQuoteStatus.ProductNotFound && draft.PricingPolicy == PricingPolicies.External)
            throw Error("product_not_found", $"No product '{sku}' in the catalog.", sku, opIndex);
        if (status == PriceQuoteStatus.ProductInactive)
            throw Error("product_inactive", $"Product '{sku}' is not for sale.", sku, opIndex);

        if (payloadPrice is { } payload)
        {
            // Mixed: the payload stands in where the backend has no price.
            if (draft.PricingPolicy == PricingPolicies.Mixed && status != PriceQuoteStatus.Found)
                return new LinePrice(payload, "payload", quote?.Name, null);
            // Otherwise the backend owns the price: setting it by hand is an audited override.
            if (priceOverride is null)
                throw new OmnimanException("price_override_required",
                    $"The price of '{sku}' comes from the pricing backend; send price_override with a reason to set it by hand.",
                    new { field = "unit_price_q", sku, backend_price_q = quote?.PriceQ, op_index = opIndex });
            if (!draft.Inputs.Actor.MayOverridePrices)
                throw new OmnimanException("forbidden", "Overriding a backend price needs the orders:write scope.",
                    new { field = "price_override", sku, op_index = opIndex });
            return new LinePrice(payload, "override", quote?.Name, new JsonObject
            {
                ["reason"] = priceOverride.Reason,
                ["previous_q"] = quote?.PriceQ,
                ["actor"] = draft.Inputs.Actor.Name,
            });
        }
        return status == PriceQuoteStatus.Found
            ? new LinePrice(quote!.PriceQ!.Value, quote.Source, quote.Name, null)
            : throw Error("price_not_found", $"No price for '{sku}'.", sku, opIndex);
    }

    /// <summary>Sets a line's price fields from a resolved price, recording an override in its meta.</summary>
    public static void Apply(SessionLine line, LinePrice price)
    {
        line.UnitPriceQ = price.UnitPriceQ;
        line.PriceSource = price.Source;
        if (price.OverrideAudit is { } audit)
        {
            line.Meta ??= [];
            line.Meta["price_override"] = audit;
        }
        else
        {
            line.Meta?.Remove("price_override");
        }
    }

    private static OmnimanException Error(string code, string message, string sku, int opIndex) =>
        new(code, message, new { field = "sku", sku, op_index = opIndex });
}
