using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Sessions;

/// <summary>An action a client can take to resolve an issue: ops that go through the modify pipeline.</summary>
public sealed record IssueAction(string Label, JsonArray Ops);

/// <summary>A problem a check found, before it is stamped with ids and its source.</summary>
public sealed record IssueDraft(string Code, string Message, bool Blocking, JsonObject? Context, IReadOnlyList<IssueAction> Actions)
{
    internal JsonObject ToNode(string source) => new()
    {
        ["id"] = "ISS-" + RandomCodes.Next(10),
        ["source"] = source,
        ["code"] = Code,
        ["message"] = Message,
        ["blocking"] = Blocking,
        ["context"] = Context?.DeepClone() ?? new JsonObject(),
        ["actions"] = new JsonArray([.. Actions.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = "ACT-" + RandomCodes.Next(10),
            ["label"] = a.Label,
            ["ops"] = a.Ops.DeepClone(),
        })]),
    };
}
