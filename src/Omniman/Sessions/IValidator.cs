namespace Omniman.Sessions;

/// <summary>When a validator runs: on every modify (draft) or at commit.</summary>
public enum ValidationStage
{
    Draft,
    Commit,
}

/// <summary>
/// A pure rule over a session's content. A validator rejects by throwing
/// <see cref="Common.OmnimanException"/> with its own code; nothing is written then.
/// </summary>
public interface IValidator
{
    string Code { get; }
    ValidationStage Stage { get; }
    int Order { get; }
    void Validate(SessionDraft draft);
}
