namespace Omniman.Idempotency;

public static class IdempotencyStates
{
    public const string InProgress = "in_progress";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>A commit attempt's claim on an idempotency key, and the response it stored (docs/concepts.md, Idempotency).</summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord() { }

    public long Id { get; private set; }
    /// <summary>The channel the key was used in; keys are unique per scope.</summary>
    public string Scope { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string SessionKey { get; private set; } = "";
    public string State { get; private set; } = IdempotencyStates.InProgress;
    public int? ResponseStatus { get; private set; }
    public string? ResponseBody { get; private set; }
    /// <summary>Until when the attempt that holds the key owns it; after that a retry may take over.</summary>
    public DateTime LockedUntil { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }

    public void Succeed(int status, string body)
    {
        State = IdempotencyStates.Succeeded;
        ResponseStatus = status;
        ResponseBody = body;
    }
}
