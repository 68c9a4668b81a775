using System.Text.Json.Nodes;

namespace Omniman.Orders;

/// <summary>A line of an order, copied from the session at commit and never changed after.</summary>
public sealed class OrderItem
{
    /// <summary>The longest line name.</summary>
    public const int NameMaxLength = 200;

    public long Id { get; private set; }
    public long OrderId { get; private set; }
    public string LineId { get; init; } = "";
    public string Sku { get; init; } = "";
    public string? Name { get; init; }
    public decimal Qty { get; init; }
    public long UnitPriceQ { get; init; }
    public long LineTotalQ { get; init; }
    public JsonObject? Meta { get; init; }
}
