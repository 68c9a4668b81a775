using System.Text.Json.Nodes;
using Omniman.Orders;

namespace Omniman.Sessions.Ops;

public sealed record AddLineOp(int Index, string Sku, decimal Qty, string? Name, long? UnitPriceQ, JsonObject? Meta) : SessionOp(Index)
{
    public override string? PricedSku => Sku;

    internal static AddLineOp From(OpReader r) =>
        new(r.Index, r.Sku(), r.Qty(), r.OptionalString("name", OrderItem.MaxNameLength), r.Money("unit_price_q"), r.Meta());

    public override void Apply(SessionDraft draft) => draft.Items.Add(new SessionLine
    {
        LineId = draft.NewLineId(),
        Sku = Sku,
        Name = Name,
        Qty = Qty,
        UnitPriceQ = LinePricing.Resolve(draft, Sku, UnitPriceQ, Index),
        Meta = Meta,
    });
}
