using System.Text.Json.Nodes;
using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

/// <summary>Ops built in code (issue actions, integrations) hold CLR numbers, not parsed JSON; they read the same.</summary>
public sealed class OpsBuiltInCodeTests
{
    [Fact]
    public void Parse_ReadsIntAndDecimalNodes_WhenOpWasBuiltInCode()
    {
        var op = (AddLineOp)SessionOp.Parse(new JsonObject { ["op"] = "add_line", ["sku"] = "A", ["qty"] = 2, ["unit_price_q"] = 333 }, 0);
        Assert.Equal(2m, op.Qty);
        Assert.Equal(333, op.UnitPriceQ);
        var half = (SetQtyOp)SessionOp.Parse(new JsonObject { ["op"] = "set_qty", ["line_id"] = "L-1", ["qty"] = 1.5m }, 0);
        Assert.Equal(1.5m, half.Qty);
    }

    [Fact]
    public void Parse_StillRefusesFractionalMoney_WhenBuiltInCode()
    {
        var ex = Assert.Throws<Omniman.Common.OmnimanException>(() =>
            SessionOp.Parse(new JsonObject { ["op"] = "add_line", ["sku"] = "A", ["qty"] = 1, ["unit_price_q"] = 1.5m }, 0));
        Assert.Equal("validation_error", ex.Code);
    }
}
