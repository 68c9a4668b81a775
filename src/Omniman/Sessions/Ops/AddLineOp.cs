using System.Text.Json.Nodes;
using Omniman.Orders;

namespace Omniman.Sessions.Ops;

public sealed record AddLineOp(int Index, string Sku, decimal Qty, string? Name, long? UnitPriceQ, JsonObject? Meta, PriceOverride? PriceOverride = null)
    : SessionOp(Index)
{
    public override string? PricedSku => Sku;

    internal static AddLineOp From(OpReader r) =>
        new(r.Index, r.Sku(), r.Qty(), r.Bounded("name", r.OptionalString("name"), OrderItem.NameMaxLength), r.Money("unit_price_q"), r.Meta(),
            r.PriceOverride());

    public override void Apply(SessionDraft draft)
    {
        var price = LinePricing.Resolve(draft, Sku, UnitPriceQ, PriceOverride, Index);
        var line = new SessionLine { LineId = draft.NewLineId(), Sku = Sku, Name = Name ?? price.CatalogName, Qty = Qty, Meta = Meta };
        LinePricing.Apply(line, price);
        draft.Items.Add(line);
    }
}
