using System.Text.Json.Nodes;
using Omniman.Channels;

namespace Omniman.Sessions.Ops;

/// <summary>Swaps the product on a line, keeping its quantity.</summary>
public sealed record ReplaceSkuOp(int Index, string LineId, string Sku, long? UnitPriceQ, JsonObject? Meta) : SessionOp(Index)
{
    public override string? PricedSku => Sku;

    internal static ReplaceSkuOp From(OpReader r) =>
        new(r.Index, r.RequiredString("line_id"), r.Sku(), r.Money("unit_price_q"), r.Meta());

    public override void Apply(SessionDraft draft)
    {
        var line = draft.Line(LineId, Index);
        // An internally priced line keeps its price when the op brings none: the POS owns it.
        var payloadPrice = UnitPriceQ ?? (draft.PricingPolicy == PricingPolicies.Internal ? line.UnitPriceQ : null);
        line.UnitPriceQ = LinePricing.Resolve(draft, Sku, payloadPrice, Index);
        line.Sku = Sku;
        line.Name = null;
        if (Meta is not null) line.Meta = Meta;
    }
}
