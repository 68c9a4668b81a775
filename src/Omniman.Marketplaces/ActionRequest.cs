using System.Text.Json.Nodes;

namespace Omniman.Marketplaces;

/// <summary>Our moves as actions a marketplace understands; an adapter sends the ones its marketplace has.</summary>
public static class MarketplaceActions
{
    public const string Confirm = "confirm";
    public const string StartPreparation = "start_preparation";
    public const string Ready = "ready";
    public const string Dispatch = "dispatch";
    public const string Cancel = "cancel";

    /// <summary>The default flow's statuses and the action each sends; a channel's <c>marketplace.actions</c> replaces it.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByStatus = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["confirmed"] = Confirm,
        ["processing"] = StartPreparation,
        ["ready"] = Ready,
        ["dispatched"] = Dispatch,
    };

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Confirm, StartPreparation, Ready, Dispatch, Cancel], StringComparer.Ordinal);
}

/// <summary>
/// One action for the marketplace: on which of its orders, for a cancellation the reason and a preferred code, and the
/// order's session data as committed, for an action that carries something the order said (Rappi's cooking time).
/// </summary>
public sealed record ActionRequest(string Action, string OrderId, string MerchantId, string? Reason, string? CancellationCode,
    JsonObject? OrderData = null);

public enum ActionOutcomeKind
{
    /// <summary>The marketplace took the request (iFood's 202); its event will say what became of it.</summary>
    Accepted,
    /// <summary>Not now (a 5xx, a 429, a timeout): try again, after <see cref="ActionOutcome.RetryAfter"/> when the marketplace said.</summary>
    Retry,
    /// <summary>The marketplace will not do it (a 4xx): no retry changes that.</summary>
    Refused,
    /// <summary>The marketplace has no such action: nothing to send.</summary>
    NotSupported,
}

/// <summary>The marketplace's answer to an action, with its words when it gave any.</summary>
public sealed record ActionOutcome(ActionOutcomeKind Kind, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public static ActionOutcome Accepted(string? detail = null) => new(ActionOutcomeKind.Accepted, detail);
    public static ActionOutcome Retry(string detail, TimeSpan? after = null) => new(ActionOutcomeKind.Retry, detail, after);
    public static ActionOutcome Refused(string detail) => new(ActionOutcomeKind.Refused, detail);
    public static ActionOutcome NotSupported { get; } = new(ActionOutcomeKind.NotSupported);
}
