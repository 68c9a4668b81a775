using System.Text.Json.Nodes;

namespace Omniman.TestKit;

/// <summary>Builders for the modify ops of docs/concepts.md.</summary>
public static class Ops
{
    public static JsonObject AddLine(string sku, decimal qty, long? unitPriceQ = 1000, string? name = null, JsonObject? meta = null)
    {
        var op = Scenario.AddLine(sku, qty, unitPriceQ);
        if (name is not null) op["name"] = name;
        if (meta is not null) op["meta"] = meta;
        return op;
    }

    public static JsonObject RemoveLine(string lineId) => new() { ["op"] = "remove_line", ["line_id"] = lineId };

    public static JsonObject SetQty(string lineId, decimal qty) => new() { ["op"] = "set_qty", ["line_id"] = lineId, ["qty"] = qty };

    public static JsonObject ReplaceSku(string lineId, string sku, long? unitPriceQ = null)
    {
        var op = new JsonObject { ["op"] = "replace_sku", ["line_id"] = lineId, ["sku"] = sku };
        if (unitPriceQ is { } price) op["unit_price_q"] = price;
        return op;
    }

    public static JsonObject SetData(string path, JsonNode? value) => new() { ["op"] = "set_data", ["path"] = path, ["value"] = value };

    public static JsonObject MergeLines(string fromLineId, string intoLineId) =>
        new() { ["op"] = "merge_lines", ["from_line_id"] = fromLineId, ["into_line_id"] = intoLineId };
}
