using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Common;
using Omniman.Orders;

namespace Omniman.Sessions.Ops;

/// <summary>Writes a value at a dot path into the session's free <c>data</c>.</summary>
public sealed record SetDataOp(int Index, IReadOnlyList<string> Path, JsonNode? Value) : SessionOp(Index)
{
    public const int MaxDepth = 5;
    public const int MaxPathLength = 128;

    /// <summary>Roots the kernel owns; clients write them only through their own pipelines.</summary>
    private static readonly HashSet<string> ReservedRoots =
        new(StringComparer.Ordinal) { "checks", "issues", "items", "pricing", "rev", "state" };

    internal static SetDataOp From(OpReader r)
    {
        var raw = r.RequiredString("path");
        if (!Text.Fits(raw, MaxPathLength)) throw InvalidPath(raw[..MaxPathLength], $"A path has {Text.AtMost(MaxPathLength)}.", r.Index);
        var parts = raw.Split('.');
        if (parts.Length > MaxDepth || parts.Any(string.IsNullOrWhiteSpace))
            throw InvalidPath(raw, $"A path has 1 to {MaxDepth} non-empty dot-separated parts.", r.Index);
        if (ReservedRoots.Contains(parts[0]) || parts[0].StartsWith("__", StringComparison.Ordinal))
            throw InvalidPath(raw, $"'{parts[0]}' is reserved and cannot be set.", r.Index);
        r.EnsureDepth("value", r["value"]);
        var value = r["value"]?.DeepClone();
        // data.external_ref becomes the order's external_ref at commit: one too long for it would make every commit fail.
        if (parts is ["external_ref"] && value?.GetValueKind() == JsonValueKind.String && !Text.Fits(value.GetValue<string>(), Order.MaxExternalRefLength))
            throw OmnimanException.Invalid("external_ref", $"data.external_ref has {Text.AtMost(Order.MaxExternalRefLength)}.", r.Index);
        return new SetDataOp(r.Index, parts, value);
    }

    public override void Apply(SessionDraft draft)
    {
        var node = draft.Data;
        for (var i = 0; i < Path.Count - 1; i++)
        {
            var next = node[Path[i]];
            if (next is null)
            {
                next = new JsonObject();
                node[Path[i]] = next;
            }
            node = next as JsonObject
                ?? throw InvalidPath(string.Join('.', Path), $"'{Path[i]}' holds a value, not an object.", Index);
        }
        node[Path[^1]] = Value?.DeepClone();
    }

    private static OmnimanException InvalidPath(string path, string message, int index) =>
        new("invalid_path", message, new { path, op_index = index });
}
