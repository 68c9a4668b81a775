using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Common;
using Omniman.Orders;

namespace Omniman.Sessions.Ops;

/// <summary>One operation of a modify request (spec §3). Parsing validates the shape; applying checks against the draft.</summary>
public abstract record SessionOp(int Index)
{
    public abstract void Apply(SessionDraft draft);

    /// <summary>The SKUs whose backend price this op may need, gathered before the pipeline runs.</summary>
    public virtual string? PricedSku => null;

    public static IReadOnlyList<SessionOp> ParseAll(JsonArray? ops)
    {
        if (ops is null) throw OmnimanException.MissingField("ops");
        if (ops.Count == 0) throw OmnimanException.Invalid("ops", "'ops' must hold at least one operation.");
        var parsed = new List<SessionOp>(ops.Count);
        for (var i = 0; i < ops.Count; i++) parsed.Add(Parse(ops[i], i));
        return parsed;
    }

    public static SessionOp Parse(JsonNode? node, int index)
    {
        if (node is not JsonObject op) throw OmnimanException.Invalid("ops", "Each op must be an object.", index);
        var reader = new OpReader(op, index);
        var kind = reader.RequiredString("op");
        return kind switch
        {
            "add_line" => AddLineOp.From(reader),
            "remove_line" => new RemoveLineOp(index, reader.RequiredString("line_id")),
            "set_qty" => new SetQtyOp(index, reader.RequiredString("line_id"), reader.Qty()),
            "replace_sku" => ReplaceSkuOp.From(reader),
            "set_data" => SetDataOp.From(reader),
            "merge_lines" => new MergeLinesOp(index, reader.RequiredString("from_line_id"), reader.RequiredString("into_line_id")),
            _ => throw new OmnimanException("unsupported_op", $"Unsupported op '{kind}'.", new { op = kind, op_index = index }),
        };
    }
}

/// <summary>Reads typed fields of one op, failing with the spec's codes and the op's index.</summary>
internal sealed class OpReader(JsonObject op, int index)
{
    public int Index => index;
    public JsonNode? this[string name] => op[name];

    public string RequiredString(string field) =>
        OptionalString(field) is { Length: > 0 } value ? value : throw OmnimanException.MissingField(field, index);

    public string? OptionalString(string field)
    {
        var node = op[field];
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String)
            throw OmnimanException.Invalid(field, $"'{field}' must be a string.", index);
        return node.GetValue<string>();
    }

    public string Sku()
    {
        if (OptionalString("sku") is not { Length: > 0 } sku || string.IsNullOrWhiteSpace(sku))
            throw new OmnimanException("missing_sku", "A line needs a 'sku'.", new { field = "sku", op_index = index });
        return Bounded("sku", sku, OrderItem.SkuMaxLength)!;
    }

    /// <summary>
    /// A line's text must fit the order item it becomes at commit: refused here, not by the
    /// database at commit, where PostgreSQL would fail and SQLite would not.
    /// </summary>
    public string? Bounded(string field, string? value, int maxLength) =>
        value is { Length: var length } && length > maxLength
            ? throw OmnimanException.Invalid(field, $"'{field}' has at most {maxLength} characters.", index)
            : value;

    public decimal Qty()
    {
        var node = op["qty"];
        if (node is null) throw OmnimanException.MissingField("qty", index);
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<decimal>(out var qty))
            throw InvalidQty("'qty' must be a number.");
        if (qty <= 0) throw InvalidQty("'qty' must be greater than zero.");
        return Json.Normalize(qty);
    }

    public long? Money(string field)
    {
        var node = op[field];
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<long>(out var amount))
            throw OmnimanException.Invalid(field, $"'{field}' must be an integer amount in minor units.", index);
        if (amount < 0) throw OmnimanException.Invalid(field, $"'{field}' cannot be negative.", index);
        return amount;
    }

    public JsonObject? Meta()
    {
        var node = op["meta"];
        if (node is null) return null;
        if (node is not JsonObject meta) throw OmnimanException.Invalid("meta", "'meta' must be an object.", index);
        return Json.Clone(meta);
    }

    public PriceOverride? PriceOverride()
    {
        var node = op["price_override"];
        if (node is null) return null;
        if (node is not JsonObject obj) throw OmnimanException.Invalid("price_override", "'price_override' must be an object with a 'reason'.", index);
        if (obj["reason"] is not { } reason || reason.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(reason.GetValue<string>()))
            throw OmnimanException.MissingField("price_override.reason", index);
        if (op["unit_price_q"] is null) throw OmnimanException.MissingField("unit_price_q", index);
        return new PriceOverride(reason.GetValue<string>());
    }

    private OmnimanException InvalidQty(string message) =>
        new("invalid_qty", message, new { field = "qty", op_index = index });
}
