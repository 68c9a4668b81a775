using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Common;
using Omniman.Orders;

namespace Omniman.Sessions.Ops;

/// <summary>One operation of a modify request (docs/concepts.md, Modify and ops). Parsing validates the shape; applying checks against the draft.</summary>
public abstract record SessionOp(int Index)
{
    public abstract void Apply(SessionDraft draft);

    /// <summary>The SKUs whose backend price this op may need, gathered before the pipeline runs.</summary>
    public virtual string? PricedSku => null;

    public static IReadOnlyList<SessionOp> ParseAll(JsonArray? ops, LimitOptions? limits = null)
    {
        limits ??= new LimitOptions();
        if (ops is null) throw OmnimanException.MissingField("ops");
        if (ops.Count == 0) throw OmnimanException.Invalid("ops", "'ops' must hold at least one operation.");
        if (ops.Count > limits.MaxOpsPerModify)
            throw OmnimanException.Invalid("ops", $"One modify carries at most {limits.MaxOpsPerModify} ops.");
        var parsed = new List<SessionOp>(ops.Count);
        for (var i = 0; i < ops.Count; i++) parsed.Add(Parse(ops[i], i, limits));
        return parsed;
    }

    /// <summary>
    /// Each op's reader and the fields it may carry besides <c>op</c>. Anything else in an op is
    /// refused before it is read: a misspelt <c>unitPriceQ</c> would otherwise be dropped unseen.
    /// </summary>
    private static readonly Dictionary<string, (string[] Fields, Func<OpReader, SessionOp> Read)> Kinds = new(StringComparer.Ordinal)
    {
        ["add_line"] = (["sku", "qty", "name", "unit_price_q", "meta", "price_override"], AddLineOp.From),
        ["remove_line"] = (["line_id"], r => new RemoveLineOp(r.Index, r.RequiredString("line_id"))),
        ["set_qty"] = (["line_id", "qty"], r => new SetQtyOp(r.Index, r.RequiredString("line_id"), r.Qty())),
        ["replace_sku"] = (["line_id", "sku", "unit_price_q", "meta", "price_override"], ReplaceSkuOp.From),
        ["set_data"] = (["path", "value"], SetDataOp.From),
        ["merge_lines"] = (["from_line_id", "into_line_id"], r => new MergeLinesOp(r.Index, r.RequiredString("from_line_id"), r.RequiredString("into_line_id"))),
    };

    public static SessionOp Parse(JsonNode? node, int index, LimitOptions? limits = null)
    {
        if (node is not JsonObject op) throw OmnimanException.Invalid("ops", "Each op must be an object.", index);
        EnsureValidText(op, index);
        var reader = new OpReader(op, index, limits ?? new LimitOptions());
        var kind = reader.RequiredString("op");
        if (!Kinds.TryGetValue(kind, out var spec))
            throw new OmnimanException("unsupported_op", $"Unsupported op '{kind}'.", new { op = kind, op_index = index });
        UnknownFields.Ensure(op, reader.Declare(spec.Fields), opIndex: index);
        return spec.Read(reader);
    }

    /// <summary>
    /// JSON may escape a lone surrogate ("\ud800"), which is no text .NET can read back: refused here, by the
    /// field that holds it, before any step of the pipeline or a stored document trips over it.
    /// </summary>
    private static void EnsureValidText(JsonObject op, int index)
    {
        string? field = null;
        try
        {
            foreach (var (name, value) in op)
            {
                field = name;
                Visit(value);
                field = null;
            }
        }
        catch (InvalidOperationException)
        {
            throw OmnimanException.Invalid(field ?? "ops", $"'{field ?? "ops"}' holds text that is not valid Unicode (a lone surrogate).", index);
        }

        static void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj) Visit(value);
                    break;
                case JsonArray array:
                    foreach (var item in array) Visit(item);
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    break;
            }
        }
    }
}

/// <summary>Reads typed fields of one op, failing with the documented error codes (docs/api.md, Errors) and the op's index.</summary>
internal sealed class OpReader(JsonObject op, int index, LimitOptions limits)
{
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal) { "op" };

    public LimitOptions Limits => limits;

    public int Index => index;
    public JsonNode? this[string name] => Field(name);

    /// <summary>The op's fields, as its kind declares them; the set refused fields are checked against.</summary>
    public IReadOnlyCollection<string> Declare(IEnumerable<string> fields)
    {
        _declared.UnionWith(fields);
        return _declared;
    }

    // A parser reading a field its kind does not declare would take a value that the unknown-field
    // check refuses: the two lists must agree, and any test parsing that op says so at once.
    private JsonNode? Field(string name) => _declared.Contains(name)
        ? op[name]
        : throw new InvalidOperationException($"Op field '{name}' is read but not declared for its kind.");

    public string RequiredString(string field) =>
        OptionalString(field) is { Length: > 0 } value ? value : throw OmnimanException.MissingField(field, index);

    public string? OptionalString(string field)
    {
        var node = Field(field);
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String)
            throw OmnimanException.Invalid(field, $"'{field}' must be a string.", index);
        return node.GetValue<string>();
    }

    public string Sku()
    {
        var sku = OptionalString("sku");
        if (string.IsNullOrWhiteSpace(sku))
            throw new OmnimanException("missing_sku", "A line needs a 'sku'.", new { field = "sku", op_index = index });
        return SkuRule.Ensure("sku", sku, index);
    }

    /// <summary>
    /// A line's text must fit the order item it becomes at commit: refused here, not by the
    /// database at commit, where PostgreSQL would fail and SQLite would not.
    /// </summary>
    public string? Bounded(string field, string? value, int maxLength)
    {
        Text.EnsureAtMost(field, value, maxLength, index);
        return value;
    }

    public decimal Qty()
    {
        var node = Field("qty");
        if (node is null) throw OmnimanException.MissingField("qty", index);
        if (node.GetValueKind() != JsonValueKind.Number) throw InvalidQty("'qty' must be a number.");
        // A number too large for a decimal (33 digits, 1e40) is a number all the same: out of range, not malformed.
        if (!decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var qty))
            throw InvalidQty($"'qty' is out of range: more than 0 and at most {limits.MaxQty}.");
        if (qty <= 0) throw InvalidQty("'qty' must be greater than zero.");
        if (qty > limits.MaxQty) throw InvalidQty($"'qty' is at most {limits.MaxQty}.");
        qty = Json.Normalize(qty);
        if (qty.Scale > LimitOptions.QtyDecimals) throw InvalidQty($"'qty' has at most {LimitOptions.QtyDecimals} decimal places.");
        return qty;
    }

    public long? Money(string field)
    {
        var node = Field(field);
        if (node is null) return null;
        // Read from the number's JSON text: ops built in code (issue actions) hold CLR ints, not parsed elements.
        var text = node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : null;
        if (text is null || text.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            throw OmnimanException.Invalid(field, $"'{field}' must be an integer amount in minor units.", index);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            throw OmnimanException.Invalid(field, $"'{field}' is out of range: from 0 to {limits.MaxUnitPriceQ}.", index);
        if (amount < 0) throw OmnimanException.Invalid(field, $"'{field}' cannot be negative.", index);
        if (amount > limits.MaxUnitPriceQ) throw OmnimanException.Invalid(field, $"'{field}' is at most {limits.MaxUnitPriceQ}.", index);
        return amount;
    }

    public JsonObject? Meta()
    {
        var node = Field("meta");
        if (node is null) return null;
        if (node is not JsonObject meta) throw OmnimanException.Invalid("meta", "'meta' must be an object.", index);
        EnsureDepth("meta", meta);
        return Json.Clone(meta);
    }

    public PriceOverride? PriceOverride()
    {
        var node = Field("price_override");
        if (node is null) return null;
        if (node is not JsonObject obj) throw OmnimanException.Invalid("price_override", "'price_override' must be an object with a 'reason'.", index);
        if (obj["reason"] is not { } reason || reason.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(reason.GetValue<string>()))
            throw OmnimanException.MissingField("price_override.reason", index);
        if (Field("unit_price_q") is null) throw OmnimanException.MissingField("unit_price_q", index);
        return new PriceOverride(reason.GetValue<string>());
    }

    /// <summary>Refuses JSON nested deeper than the limit: deep documents cost every later read and write.</summary>
    public void EnsureDepth(string field, JsonNode? value)
    {
        if (Depth(value) > limits.MaxDataDepth)
            throw OmnimanException.Invalid(field, $"'{field}' nests deeper than {limits.MaxDataDepth} levels.", index);
    }

    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private OmnimanException InvalidQty(string message) =>
        new("invalid_qty", message, new { field = "qty", op_index = index });
}
