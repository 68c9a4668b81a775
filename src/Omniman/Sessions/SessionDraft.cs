using System.Text.Json.Nodes;
using Omniman.Common;
using Omniman.Pricing;

namespace Omniman.Sessions;

/// <summary>
/// The working copy a modify runs on: ops, modifiers and validators change it, and the session
/// takes it over only when all of them succeeded, so a request's ops apply atomically.
/// </summary>
public sealed class SessionDraft
{
    private readonly Func<string> _newLineId;

    internal SessionDraft(Session session, PricingInputs inputs, Func<string> newLineId)
    {
        ChannelCode = session.ChannelCode;
        PricingPolicy = session.PricingPolicy;
        Items = session.Items.Select(l => l.Clone()).ToList();
        Data = Json.Clone(session.Data);
        Pricing = [];
        Inputs = inputs;
        _newLineId = newLineId;
    }

    public string ChannelCode { get; }
    public string PricingPolicy { get; }
    public List<SessionLine> Items { get; }
    public JsonObject Data { get; }
    public JsonObject Pricing { get; set; }
    public long TotalQ { get; set; }
    /// <summary>Backend quotes, promotions, actor and time, gathered before the pure pipeline ran.</summary>
    public PricingInputs Inputs { get; }

    /// <summary>Adds an issue raised by a modifier (non-check source, e.g. <c>pricing</c>).</summary>
    public void AddIssue(string source, IssueDraft issue)
    {
        var issues = Data["issues"] as JsonArray ?? [];
        issues.Add(issue.ToNode(source));
        Data["issues"] = issues;
    }

    public SessionLine Line(string lineId, int opIndex) =>
        Items.Find(l => l.LineId == lineId)
        ?? throw new OmnimanException("unknown_line_id", $"No line '{lineId}' in this session.", new { line_id = lineId, op_index = opIndex });

    public string NewLineId()
    {
        string id;
        do { id = _newLineId(); } while (Items.Exists(l => l.LineId == id));
        return id;
    }
}
