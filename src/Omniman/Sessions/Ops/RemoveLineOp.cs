namespace Omniman.Sessions.Ops;

public sealed record RemoveLineOp(int Index, string LineId) : SessionOp(Index)
{
    public override void Apply(SessionDraft draft) => draft.Items.Remove(draft.Line(LineId, Index));
}
