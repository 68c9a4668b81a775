namespace Omniman.Sessions;

/// <summary>
/// A pure step of the modify pipeline (pricing, discounts, totals). Modifiers run in ascending
/// <see cref="Order"/> after the ops, and must not do I/O: whatever they need is on the draft.
/// </summary>
public interface IModifier
{
    string Code { get; }
    int Order { get; }
    void Apply(SessionDraft draft);
}
