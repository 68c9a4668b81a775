using System.Text.Json.Nodes;
using Omniman.Sessions.Ops;

namespace Omniman.Tests.Sessions.Ops;

public sealed class SetDataOpTests
{
    [Fact]
    public void Parse_SplitsPathOnDots_WhenPathIsValid()
    {
        var op = Assert.IsType<SetDataOp>(Given.Op("""{"op": "set_data", "path": "customer.address.city", "value": "Recife"}"""));

        Assert.Equal(["customer", "address", "city"], op.Path);
        Assert.Equal("Recife", op.Value!.GetValue<string>());
    }

    [Fact]
    public void Parse_AcceptsFiveLevels_WhenPathIsAtTheLimit()
    {
        var op = Assert.IsType<SetDataOp>(Given.Op("""{"op": "set_data", "path": "a.b.c.d.e", "value": 1}"""));

        Assert.Equal(5, op.Path.Count);
    }

    [Fact]
    public void Parse_ThrowsInvalidPath_WhenPathHasSixLevels()
    {
        var ex = Rules.Throws("invalid_path", () => Given.Op("""{"op": "set_data", "path": "a.b.c.d.e.f", "value": 1}""", 3));

        Assert.Equal("a.b.c.d.e.f", ex.Context().Text("path"));
        Assert.Equal(3, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a. .b")]
    [InlineData(" ")]
    public void Parse_ThrowsInvalidPath_WhenAPartIsEmpty(string path)
    {
        var ex = Rules.Throws("invalid_path", () => Given.Op($$"""{"op": "set_data", "path": "{{path}}", "value": 1}"""));

        Assert.Equal(path, ex.Context().Text("path"));
    }

    [Theory]
    [InlineData("checks")]
    [InlineData("issues")]
    [InlineData("items")]
    [InlineData("pricing")]
    [InlineData("rev")]
    [InlineData("state")]
    [InlineData("checks.stock.rev")]
    [InlineData("issues.0")]
    [InlineData("pricing.total_q")]
    public void Parse_ThrowsInvalidPath_WhenRootIsReserved(string path)
    {
        var ex = Rules.Throws("invalid_path", () => Given.Op($$"""{"op": "set_data", "path": "{{path}}", "value": 1}""", 1));

        Assert.Equal(path, ex.Context().Text("path"));
        Assert.Equal(1, ex.Context().Int("op_index"));
    }

    [Theory]
    [InlineData("__proto__")]
    [InlineData("__internal.flag")]
    [InlineData("__")]
    public void Parse_ThrowsInvalidPath_WhenRootStartsWithDoubleUnderscore(string path)
    {
        var ex = Rules.Throws("invalid_path", () => Given.Op($$"""{"op": "set_data", "path": "{{path}}", "value": 1}"""));

        Assert.Equal(path, ex.Context().Text("path"));
    }

    [Theory]
    [InlineData("customer.checks")]
    [InlineData("order.items")]
    [InlineData("meta.__note")]
    [InlineData("_private")]
    [InlineData("Checks")]
    [InlineData("statement")]
    public void Parse_AcceptsPath_WhenOnlyANestedPartOrALookAlikeRootIsReserved(string path)
    {
        var op = Assert.IsType<SetDataOp>(Given.Op($$"""{"op": "set_data", "path": "{{path}}", "value": 1}"""));

        Assert.Equal(path, string.Join('.', op.Path));
    }

    [Theory]
    [InlineData("""{"op": "set_data", "value": 1}""")]
    [InlineData("""{"op": "set_data", "path": "", "value": 1}""")]
    public void Parse_ThrowsMissingField_WhenPathIsMissing(string json)
    {
        var ex = Rules.Throws("missing_field", () => Given.Op(json, 4));

        Assert.Equal("path", ex.Context().Text("field"));
        Assert.Equal(4, ex.Context().Int("op_index"));
    }

    [Fact]
    public void Parse_ThrowsValidationError_WhenPathIsNotAString()
    {
        var ex = Rules.Throws("validation_error", () => Given.Op("""{"op": "set_data", "path": ["a"], "value": 1}"""));

        Assert.Equal("path", ex.Context().Text("field"));
    }

    [Fact]
    public void Modify_CreatesIntermediateObjects_WhenPathDoesNotExistYet()
    {
        var session = Given.Session();

        session.Apply("""[{"op": "set_data", "path": "customer.address.city", "value": "Recife"}]""");

        Assert.Equal("Recife", session.Data["customer"]?["address"]?["city"]?.GetValue<string>());
    }

    [Fact]
    public void Modify_KeepsSiblings_WhenSettingANestedValue()
    {
        var session = Given.Session();
        session.Apply("""[{"op": "set_data", "path": "customer", "value": {"name": "Ana", "phone": "81"}}]""");

        session.Apply("""[{"op": "set_data", "path": "customer.name", "value": "Bia"}]""");

        Assert.Equal("Bia", session.Data["customer"].Text("name"));
        Assert.Equal("81", session.Data["customer"].Text("phone"));
    }

    [Fact]
    public void Modify_StoresStructuredValues_WhenValueIsAnObjectOrArray()
    {
        var session = Given.Session();

        session.Apply("""[{"op": "set_data", "path": "coupon", "value": {"code": "TEN", "tags": [1, 2]}}]""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"code": "TEN", "tags": [1, 2]}"""), session.Data["coupon"]));
    }

    [Fact]
    public void Modify_StoresNull_WhenValueIsNull()
    {
        var session = Given.Session();
        session.Apply("""[{"op": "set_data", "path": "note", "value": "x"}]""");

        session.Apply("""[{"op": "set_data", "path": "note", "value": null}]""");

        Assert.True(session.Data.ContainsKey("note"));
        Assert.Null(session.Data["note"]);
    }

    [Theory]
    [InlineData("\"Ana\"")]
    [InlineData("42")]
    [InlineData("[1, 2]")]
    public void Modify_ThrowsInvalidPath_WhenPathDescendsThroughANonObject(string existing)
    {
        var session = Given.Session();
        session.Apply($$"""[{"op": "set_data", "path": "customer", "value": {{existing}}}]""");
        var before = session.State();

        var ex = Rules.Throws("invalid_path", () => session.Apply("""[{"op": "set_data", "path": "customer.name", "value": "Bia"}]"""));

        Assert.Equal("customer.name", ex.Context().Text("path"));
        Assert.Equal(0, ex.Context().Int("op_index"));
        Assert.Equal(before, session.State());
    }

    [Fact]
    public void Modify_DoesNotShareValueWithTheRequest_WhenValueIsAnObject()
    {
        var ops = Given.Ops("""[{"op": "set_data", "path": "customer", "value": {"name": "Ana"}}]""");
        var first = Given.Session(key: "S1");
        var second = Given.Session(key: "S2");

        first.Modify(ops, null, Given.Pipeline(), Given.Inputs());
        second.Modify(ops, null, Given.Pipeline(), Given.Inputs());
        first.Data["customer"]!["name"] = "changed";

        Assert.Equal("Ana", second.Data["customer"].Text("name"));
    }
}
