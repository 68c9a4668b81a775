namespace Omniman.Sessions.Ops;

public sealed record SetQtyOp(int Index, string LineId, decimal Qty) : SessionOp(Index)
{
    public override void Apply(SessionDraft draft) => draft.Line(LineId, Index).Qty = Qty;
}
