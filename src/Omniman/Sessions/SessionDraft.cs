using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Sessions;

/// <summary>
/// The working copy a modify runs on: ops, modifiers and validators change it, and the session
/// takes it over only when all of them succeeded, so a request's ops apply atomically.
/// </summary>
public sealed class SessionDraft
{
    private readonly Func<string> _newLineId;

    internal SessionDraft(Session session, IReadOnlyDictionary<string, long> backendPrices, Func<string> newLineId)
    {
        ChannelCode = session.ChannelCode;
        PricingPolicy = session.PricingPolicy;
        Items = session.Items.Select(l => l.Clone()).ToList();
        Data = Json.Clone(session.Data);
        Pricing = [];
        BackendPrices = backendPrices;
        _newLineId = newLineId;
    }

    public string ChannelCode { get; }
    public string PricingPolicy { get; }
    public List<SessionLine> Items { get; }
    public JsonObject Data { get; }
    public JsonObject Pricing { get; set; }
    public long TotalQ { get; set; }
    /// <summary>Prices the pricing backend gave for this request's SKUs, gathered before the pure pipeline ran.</summary>
    public IReadOnlyDictionary<string, long> BackendPrices { get; }

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
