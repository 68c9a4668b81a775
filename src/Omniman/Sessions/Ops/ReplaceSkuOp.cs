using System.Text.Json.Nodes;
using Omniman.Channels;

namespace Omniman.Sessions.Ops;

/// <summary>Swaps the product on a line, keeping its quantity.</summary>
public sealed record ReplaceSkuOp(int Index, string LineId, string Sku, long? UnitPriceQ, JsonObject? Meta, PriceOverride? PriceOverride = null)
    : SessionOp(Index)
{
    public override string? PricedSku => Sku;

    internal static ReplaceSkuOp From(OpReader r) =>
        new(r.Index, r.RequiredString("line_id"), r.Sku(), r.Money("unit_price_q"), r.Meta(), r.PriceOverride());

    public override void Apply(SessionDraft draft)
    {
        var line = draft.Line(LineId, Index);
        // An internally priced line keeps its price when the op brings none: the POS owns it.
        var payloadPrice = UnitPriceQ ?? (draft.PricingPolicy == PricingPolicies.Internal ? line.UnitPriceQ : null);
        var price = LinePricing.Resolve(draft, Sku, payloadPrice, PriceOverride, Index);
        if (Meta is not null) line.Meta = Meta;
        LinePricing.Apply(line, price);
        line.Sku = Sku;
        line.Name = price.CatalogName;
    }
}
