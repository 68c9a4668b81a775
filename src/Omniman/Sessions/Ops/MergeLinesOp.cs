using Omniman.Common;

namespace Omniman.Sessions.Ops;

/// <summary>Folds one line into another of the same SKU, summing quantities.</summary>
public sealed record MergeLinesOp(int Index, string FromLineId, string IntoLineId) : SessionOp(Index)
{
    public override void Apply(SessionDraft draft)
    {
        if (FromLineId == IntoLineId)
            throw new OmnimanException("invalid_merge", "A line cannot be merged into itself.", new { line_id = FromLineId, op_index = Index });
        var from = draft.Line(FromLineId, Index);
        var into = draft.Line(IntoLineId, Index);
        if (from.Sku != into.Sku)
            throw new OmnimanException("sku_mismatch", "Only lines of the same SKU can be merged.",
                new { from_sku = from.Sku, into_sku = into.Sku, op_index = Index });
        into.Qty = Json.Normalize(into.Qty + from.Qty);
        draft.Items.Remove(from);
    }
}
