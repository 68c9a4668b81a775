using System.Text.Json.Nodes;
using Omniman.Common;

namespace Omniman.Sessions;

/// <summary>One line of a session: a product, a quantity and its price.</summary>
public sealed class SessionLine
{
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public string? Name { get; set; }
    public decimal Qty { get; set; }
    public long? UnitPriceQ { get; set; }
    public long LineTotalQ { get; set; }
    /// <summary>Which rule set the unit price: <c>payload</c>, <c>catalog:…</c>, <c>override</c>.</summary>
    public string? PriceSource { get; set; }
    public JsonObject? Meta { get; set; }

    public SessionLine Clone() => new()
    {
        LineId = LineId, Sku = Sku, Name = Name, Qty = Qty, UnitPriceQ = UnitPriceQ, LineTotalQ = LineTotalQ, PriceSource = PriceSource,
        Meta = Meta is null ? null : Json.Clone(Meta),
    };
}
