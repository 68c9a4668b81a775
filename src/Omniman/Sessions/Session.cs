using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Pricing;
using Omniman.Sessions.Ops;

namespace Omniman.Sessions;

/// <summary>
/// Mutable pre-commit state: a basket, a table tab, a draft order (docs/concepts.md, Sessions). Every change moves
/// <see cref="Rev"/>, which is also the row's concurrency token.
/// </summary>
public sealed class Session
{
    private Session() { }

    /// <summary>The longest <see cref="SessionKey"/>; the column holds this many characters.</summary>
    public const int KeyMaxLength = 64;
    /// <summary>The longest <see cref="HandleType"/>.</summary>
    public const int HandleTypeMaxLength = 64;
    /// <summary>The longest <see cref="HandleRef"/>.</summary>
    public const int HandleRefMaxLength = 128;

    public long Id { get; private set; }
    public string SessionKey { get; private set; } = "";
    public string ChannelCode { get; private set; } = "";
    public string? HandleType { get; private set; }
    public string? HandleRef { get; private set; }
    public string State { get; private set; } = SessionStates.Open;
    public string PricingPolicy { get; private set; } = PricingPolicies.Internal;
    public string EditPolicy { get; private set; } = EditPolicies.Open;
    public int Rev { get; private set; }
    public List<SessionLine> Items { get; private set; } = [];
    public JsonObject Data { get; private set; } = [];
    public JsonObject Pricing { get; private set; } = [];
    public long TotalQ { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? CommittedAt { get; private set; }
    public DateTime? AbandonedAt { get; private set; }

    public static Session Open(Channel channel, string sessionKey, string? handleType, string? handleRef, DateTime nowUtc) => new()
    {
        SessionKey = sessionKey,
        ChannelCode = channel.Code,
        HandleType = handleType,
        HandleRef = handleRef,
        PricingPolicy = channel.PricingPolicy,
        EditPolicy = channel.EditPolicy,
        Pricing = EmptyPricing(),
        OpenedAt = nowUtc,
        UpdatedAt = nowUtc,
    };

    public bool IsOpen => State == SessionStates.Open;

    /// <summary>
    /// Applies a request's ops on a draft, runs modifiers and draft validators, and takes the
    /// result over only when all succeeded (docs/concepts.md, Modify and ops).
    /// </summary>
    public void Modify(IReadOnlyList<SessionOp> ops, int? expectedRev, ModifyPipeline pipeline, PricingInputs inputs)
    {
        EnsureOpen();
        if (EditPolicy == EditPolicies.Locked && !inputs.Actor.MayEditLocked)
            throw new OmnimanException("locked",
                $"This session's channel is locked: only the integration that owns it edits it (in process, or with a key holding the '{Access.Scopes.SessionsWriteLocked}' scope).",
                new { session_key = SessionKey, edit_policy = EditPolicy, required_scope = Access.Scopes.SessionsWriteLocked });
        if (expectedRev is { } expected && expected != Rev)
            throw new OmnimanException("stale_rev", $"The session is at rev {Rev}, not {expected}.",
                new { expected_rev = expected, current_rev = Rev });

        var draft = new SessionDraft(this, inputs, pipeline.NewLineId);
        // Checks and issues judged the old content; modifiers may raise fresh issues of their own.
        draft.Data.Remove("checks");
        draft.Data.Remove("issues");
        foreach (var op in ops) op.Apply(draft);
        pipeline.Run(draft, ValidationStage.Draft);

        Items = draft.Items;
        Data = draft.Data;
        Pricing = draft.Pricing;
        TotalQ = draft.TotalQ;
        Rev += 1;
        UpdatedAt = inputs.NowUtc;
    }

    /// <summary>Stores a check's outcome if the session is still open at the rev the check ran for.</summary>
    public bool WriteCheck(string code, int expectedRev, string status, JsonNode? result, IEnumerable<IssueDraft> issues, DateTime nowUtc,
        DateTime? expiresAt = null)
    {
        if (!IsOpen || Rev != expectedRev) return false;
        var data = Json.Clone(Data);
        var checks = data["checks"] as JsonObject ?? [];
        checks[code] = new JsonObject
        {
            ["rev"] = expectedRev,
            ["at"] = nowUtc,
            ["status"] = status,
            ["result"] = result?.DeepClone(),
        };
        if (expiresAt is { } until) checks[code]!["expires_at"] = until;
        data["checks"] = checks;
        var kept = (data["issues"] as JsonArray ?? [])
            .Where(i => i?["source"]?.GetValue<string>() != code)
            .Select(i => i!.DeepClone());
        data["issues"] = new JsonArray([.. kept, .. issues.Select(i => i.ToNode(code))]);
        Data = data;
        UpdatedAt = nowUtc;
        return true;
    }

    public IReadOnlyList<JsonObject> Issues =>
        (Data["issues"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>True once every check the channel requires on commit has a result for the current rev.</summary>
    public bool ChecksLanded(ChannelConfig config) =>
        config.RequiredChecksOnCommit.All(code => (Data["checks"]?[code] as JsonObject)?["rev"]?.GetValue<int>() == Rev);

    /// <summary>Everything commit requires of the session itself (docs/concepts.md, Commit), in the documented order.</summary>
    public void EnsureCommittable(ChannelConfig config, ModifyPipeline pipeline, DateTime nowUtc)
    {
        EnsureOpen();
        var checks = Data["checks"] as JsonObject;
        foreach (var code in config.RequiredChecksOnCommit)
        {
            if (checks?[code] is not JsonObject check)
                throw new OmnimanException("missing_check", $"Check '{code}' has not run for this session yet.", new { check_code = code });
            var checkRev = check["rev"]?.GetValue<int>();
            if (checkRev != Rev)
                throw new OmnimanException("stale_check", $"Check '{code}' ran for rev {checkRev}, the session is at rev {Rev}.",
                    new { check_code = code, check_rev = checkRev, session_rev = Rev });
            if (ReadUtc(check["expires_at"]) is { } expiry && expiry <= nowUtc)
                throw new OmnimanException("hold_expired", $"The result of check '{code}' expired (what it reserved lapsed); the check runs again.",
                    new CheckExpired(code, expiry));
        }
        var blocking = Issues.Where(i => i["blocking"]?.GetValue<bool>() == true).ToList();
        if (blocking.Count > 0)
            throw new OmnimanException("blocking_issues", "The session has blocking issues.",
                new { issues = new JsonArray([.. blocking.Select(i => i.DeepClone())]) });
        pipeline.Validate(new SessionDraft(this, PricingInputs.Empty(nowUtc), pipeline.NewLineId), ValidationStage.Commit);
        if (Items.Count == 0) throw new OmnimanException("empty_session", "A session needs at least one item to commit.");
    }

    public void MarkCommitted(DateTime nowUtc)
    {
        State = SessionStates.Committed;
        CommittedAt = nowUtc;
        UpdatedAt = nowUtc;
    }

    public void Abandon(DateTime nowUtc)
    {
        EnsureOpen();
        State = SessionStates.Abandoned;
        AbandonedAt = nowUtc;
        UpdatedAt = nowUtc;
    }

    /// <summary>The result document a check wrote for the current content, or null: what post-commit directives are given.</summary>
    public JsonNode? CheckResult(string checkCode) =>
        (Data["checks"] as JsonObject)?[checkCode] is JsonObject check && check["rev"]?.GetValue<int>() == Rev ? check["result"]?.DeepClone() : null;

    public void EnsureOpen()
    {
        if (State == SessionStates.Committed)
            throw new OmnimanException("already_committed", $"Session '{SessionKey}' is already committed.", new { session_key = SessionKey });
        if (State == SessionStates.Abandoned)
            throw new OmnimanException("already_abandoned", $"Session '{SessionKey}' was abandoned.", new { session_key = SessionKey });
    }

    // A check's expires_at is an ISO 8601 string as stored, or a date value as written in-process.
    private static DateTime? ReadUtc(JsonNode? stamp)
    {
        if (stamp is not JsonValue value) return null;
        if (value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text))
        {
            return DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;
        }
        if (value.TryGetValue<DateTimeOffset>(out var offset)) return offset.UtcDateTime;
        if (value.TryGetValue<DateTime>(out var at)) return UtcStamp.FromClient(at);
        return null;
    }

    /// <summary>The context of a <c>hold_expired</c> error: which check to run again.</summary>
    public sealed record CheckExpired(string CheckCode, DateTime ExpiredAt);

    private static JsonObject EmptyPricing() => new()
    {
        ["subtotal_q"] = 0L, ["discount_q"] = 0L, ["fees_q"] = 0L, ["total_q"] = 0L, ["items_count"] = 0, ["trace"] = new JsonArray(),
    };
}
