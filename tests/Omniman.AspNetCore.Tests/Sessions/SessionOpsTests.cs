using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Sessions;

/// <summary>Each modify op of docs/concepts.md and its error codes.</summary>
public abstract partial class SessionOpsTests(OmnimanApp app) : SessionTestBase(app)
{
    [GeneratedRegex("^L-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")]
    private static partial Regex LineIdPattern();

    // ---- add_line ----

    [Fact]
    public async Task AddLine_AddsLineWithGeneratedIdAndAllFields_WhenValid()
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var meta = new JsonObject { ["note"] = "no onions", ["tags"] = new JsonArray("hot") };

        var session = await ModifyOkAsync(channel, key, Ops.AddLine("BURGER", 2, 1250, "Burger", meta));

        var line = Assert.Single(session.Array("items"));
        Assert.Matches(LineIdPattern(), line.Get<string>("line_id"));
        Assert.Equal("BURGER", line.Get<string>("sku"));
        Assert.Equal("Burger", line.Get<string>("name"));
        Assert.Equal(2m, line.Get<decimal>("qty"));
        Assert.Equal(1250, line.Get<long>("unit_price_q"));
        Assert.Equal(2500, line.Get<long>("line_total_q"));
        Assert.True(JsonNode.DeepEquals(meta, line["meta"]), line.ToJsonString());
    }

    [Fact]
    public async Task AddLine_GivesEveryLineItsOwnId_WhenManyLinesAdded()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var session = await ModifyOkAsync(channel, key, [.. Enumerable.Range(0, 30).Select(i => Ops.AddLine("SKU", 1))]);

        var ids = session.Array("items").Select(l => l.Get<string>("line_id")).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(LineIdPattern(), id));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0.001")]
    [InlineData("1.0000000001")]
    [InlineData("123456.123456789")]
    public async Task AddLine_KeepsDecimalQtyExact_ThroughStorage(string qty)
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var exact = decimal.Parse(qty, System.Globalization.CultureInfo.InvariantCulture);

        var modified = await ModifyOkAsync(channel, key, Ops.AddLine("BULK", exact, 1));
        var read = await SessionAsync(channel, key);

        Assert.Equal(exact, modified.Array("items")[0].Get<decimal>("qty"));
        Assert.Equal(exact, read.Array("items")[0].Get<decimal>("qty"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("\"abc\"")]
    [InlineData("\"2\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public async Task AddLine_Returns400InvalidQty_WhenQtyNotPositiveNumber(string qtyJson)
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var op = new JsonObject { ["op"] = "add_line", ["sku"] = "A", ["qty"] = JsonNode.Parse(qtyJson), ["unit_price_q"] = 100 };

        var response = await Api.ModifyAsync(channel, key, op);

        AssertError(response, HttpStatusCode.BadRequest, "invalid_qty");
        Assert.Equal(0, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AddLine_Returns400MissingSku_WhenSkuMissingOrBlank(string? sku)
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var op = new JsonObject { ["op"] = "add_line", ["qty"] = 1, ["unit_price_q"] = 100 };
        if (sku is not null) op["sku"] = sku;

        AssertError(await Api.ModifyAsync(channel, key, op), HttpStatusCode.BadRequest, "missing_sku");
    }

    [Fact]
    public async Task AddLine_Returns400MissingUnitPriceQ_WhenChannelPricesInternallyAndNoPriceGiven()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.ModifyAsync(channel, key, Ops.AddLine("A", 1, unitPriceQ: null));

        AssertError(response, HttpStatusCode.BadRequest, "missing_unit_price_q");
        Assert.Empty((await SessionAsync(channel, key)).Array("items"));
    }

    [Theory]
    [InlineData("\"100\"")]
    [InlineData("1.5")]
    public async Task AddLine_Returns400NamingUnitPriceQ_WhenPriceIsNotAnInteger(string priceJson)
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var op = new JsonObject { ["op"] = "add_line", ["sku"] = "A", ["qty"] = 1, ["unit_price_q"] = JsonNode.Parse(priceJson) };

        var response = await Api.ModifyAsync(channel, key, op);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unit_price_q", response.Json["error"]!["context"]!.Get<string>("field"));
    }

    [Theory]
    [InlineData("sku", 65)]
    [InlineData("name", 201)]
    public async Task AddLine_Returns400NamingTheField_WhenTextIsLongerThanAnOrderItemHolds(string field, int length)
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var op = Ops.AddLine("A", 1, 100, "Name");
        op[field] = new string('x', length);

        var response = await Api.ModifyAsync(channel, key, op);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        Assert.Equal(field, response.Json["error"]!["context"]!.Get<string>("field"));
        Assert.Empty((await SessionAsync(channel, key)).Array("items"));
    }

    [Fact]
    public async Task AddLine_AcceptsAndCommitsText_WhenExactlyAtTheOrderItemLength()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        await ModifyOkAsync(channel, key, Ops.AddLine(new string('S', 64), 1, 100, new string('n', 200)));

        (await Api.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ReplaceSku_Returns400NamingSku_WhenSkuIsLongerThanAnOrderItemHolds()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.ModifyAsync(channel, key, Ops.ReplaceSku(LineId(session, 0), new string('x', 65), 100));

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        Assert.Equal("sku", response.Json["error"]!["context"]!.Get<string>("field"));
    }

    // ---- remove_line ----

    [Fact]
    public async Task RemoveLine_RemovesOnlyThatLine_WhenLineExists()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1, 100), Ops.AddLine("B", 1, 200));

        var after = await ModifyOkAsync(channel, key, Ops.RemoveLine(LineId(session, 0)));

        var line = Assert.Single(after.Array("items"));
        Assert.Equal(LineId(session, 1), line.Get<string>("line_id"));
        Assert.Equal(200, after.Get<long>("total_q"));
    }

    [Fact]
    public async Task RemoveLine_Returns400UnknownLineId_WhenLineAbsent()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.ModifyAsync(channel, key, Ops.RemoveLine("L-NOTHERE"));

        AssertError(response, HttpStatusCode.BadRequest, "unknown_line_id");
        Assert.Single((await SessionAsync(channel, key)).Array("items"));
    }

    [Fact]
    public async Task RemoveLine_Returns400MissingField_WhenLineIdMissing()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.ModifyAsync(channel, key, new JsonObject { ["op"] = "remove_line" });

        AssertError(response, HttpStatusCode.BadRequest, "missing_field");
        Assert.Equal("line_id", response.Json["error"]!["context"]!.Get<string>("field"));
    }

    // ---- set_qty ----

    [Fact]
    public async Task SetQty_ChangesQtyAndLineTotal_WhenLineExists()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1, 300));

        var after = await ModifyOkAsync(channel, key, Ops.SetQty(LineId(session, 0), 2.5m));

        var line = Assert.Single(after.Array("items"));
        Assert.Equal(2.5m, line.Get<decimal>("qty"));
        Assert.Equal(750, line.Get<long>("line_total_q"));
        Assert.Equal(750, after.Get<long>("total_q"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task SetQty_Returns400InvalidQty_WhenQtyNotPositive(int qty)
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1, 300));

        AssertError(await Api.ModifyAsync(channel, key, Ops.SetQty(LineId(session, 0), qty)), HttpStatusCode.BadRequest, "invalid_qty");
        Assert.Equal(1m, (await SessionAsync(channel, key)).Array("items")[0].Get<decimal>("qty"));
    }

    [Fact]
    public async Task SetQty_Returns400UnknownLineId_WhenLineAbsent()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        AssertError(await Api.ModifyAsync(channel, key, Ops.SetQty("L-NOTHERE", 2)), HttpStatusCode.BadRequest, "unknown_line_id");
    }

    // ---- replace_sku ----

    [Fact]
    public async Task ReplaceSku_SwapsProductKeepingLineIdAndQty_WhenLineExists()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("COKE", 3, 500, "Coke"));

        var after = await ModifyOkAsync(channel, key, Ops.ReplaceSku(LineId(session, 0), "PEPSI", 450));

        var line = Assert.Single(after.Array("items"));
        Assert.Equal(LineId(session, 0), line.Get<string>("line_id"));
        Assert.Equal("PEPSI", line.Get<string>("sku"));
        Assert.Equal(3m, line.Get<decimal>("qty"));
        Assert.Equal(450, line.Get<long>("unit_price_q"));
        Assert.Equal(1350, line.Get<long>("line_total_q"));
        Assert.Equal(1350, after.Get<long>("total_q"));
    }

    [Fact]
    public async Task ReplaceSku_Returns400UnknownLineId_WhenLineAbsent()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        AssertError(await Api.ModifyAsync(channel, key, Ops.ReplaceSku("L-NOTHERE", "B", 100)), HttpStatusCode.BadRequest, "unknown_line_id");
    }

    [Fact]
    public async Task ReplaceSku_Returns400MissingSku_WhenSkuMissing()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        var response = await Api.ModifyAsync(channel, key, new JsonObject { ["op"] = "replace_sku", ["line_id"] = LineId(session, 0) });

        AssertError(response, HttpStatusCode.BadRequest, "missing_sku");
    }

    // ---- set_data ----

    [Fact]
    public async Task SetData_WritesValueAtDotPath_KeepingSiblings()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        await ModifyOkAsync(channel, key, Ops.SetData("customer.name", "Ana"), Ops.SetData("customer.phone", "555"));
        var after = await ModifyOkAsync(channel, key, Ops.SetData("customer.name", "Bia"), Ops.SetData("notes", new JsonArray(1, "two")));

        var data = after["data"]!;
        Assert.Equal("Bia", data["customer"]!.Get<string>("name"));
        Assert.Equal("555", data["customer"]!.Get<string>("phone"));
        Assert.True(JsonNode.DeepEquals(new JsonArray(1, "two"), data["notes"]), data.ToJsonString());
        Assert.True(JsonNode.DeepEquals(data, (await SessionAsync(channel, key))["data"]));
    }

    [Fact]
    public async Task SetData_AcceptsFiveLevels_WhenPathIsAtTheLimit()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var after = await ModifyOkAsync(channel, key, Ops.SetData("a.b.c.d.e", 5));

        Assert.Equal(5, after["data"]!["a"]!["b"]!["c"]!["d"]!.Get<int>("e"));
    }

    [Fact]
    public async Task SetData_AcceptsReservedNames_WhenNotAtTheRoot()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var after = await ModifyOkAsync(channel, key, Ops.SetData("delivery.checks", "two"), Ops.SetData("delivery.state", "SP"));

        Assert.Equal("two", after["data"]!["delivery"]!.Get<string>("checks"));
        Assert.Equal("SP", after["data"]!["delivery"]!.Get<string>("state"));
    }

    [Theory]
    [InlineData("a.b.c.d.e.f")]
    [InlineData("checks")]
    [InlineData("checks.stock")]
    [InlineData("issues")]
    [InlineData("items")]
    [InlineData("pricing.total_q")]
    [InlineData("rev")]
    [InlineData("state")]
    [InlineData("__x")]
    [InlineData("__internal.flag")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    public async Task SetData_Returns400InvalidPath_WhenPathTooDeepReservedOrMalformed(string path)
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.ModifyAsync(channel, key, Ops.SetData(path, "x"));

        AssertError(response, HttpStatusCode.BadRequest, "invalid_path");
        var session = await SessionAsync(channel, key);
        Assert.Equal(0, session.Get<int>("rev"));
        Assert.Empty(session["data"]!.AsObject());
    }

    [Fact]
    public async Task SetData_Returns400InvalidPath_WhenPathGoesThroughAScalar()
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.SetData("table", "T7"));

        AssertError(await Api.ModifyAsync(channel, key, Ops.SetData("table.number", 7)), HttpStatusCode.BadRequest, "invalid_path");
        Assert.Equal("T7", (await SessionAsync(channel, key))["data"]!.Get<string>("table"));
    }

    [Theory]
    [InlineData("\"TEN\"")]
    [InlineData("5")]
    [InlineData("[\"TEN\"]")]
    [InlineData("{\"code\":7}")]
    public async Task SetData_KeepsCouponOfAnyShape_WhenItNamesNoPromotion(string couponJson)
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("A", 1, 1000));

        var response = await Api.ModifyAsync(channel, key, Ops.SetData("coupon", JsonNode.Parse(couponJson)));

        Assert.True(response.Status == HttpStatusCode.OK, $"{(int)response.Status}: {response.Raw}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(couponJson), response.Json["data"]!["coupon"]), response.Raw);
        Assert.Equal(1000, response.Json.Get<long>("total_q"));
        var next = await Api.ModifyAsync(channel, key, Ops.AddLine("B", 1, 500));
        Assert.True(next.Status == HttpStatusCode.OK, $"{(int)next.Status}: {next.Raw}");
        Assert.Equal(1500, next.Json.Get<long>("total_q"));
    }

    // ---- merge_lines ----

    [Fact]
    public async Task MergeLines_SumsQtyIntoTargetAndRemovesSource_WhenSameSku()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1.5m, 200), Ops.AddLine("B", 1, 50), Ops.AddLine("A", 2, 200));

        var after = await ModifyOkAsync(channel, key, Ops.MergeLines(LineId(session, 2), LineId(session, 0)));

        var items = after.Array("items");
        Assert.Equal(2, items.Count);
        var merged = Assert.Single(items, l => l.Get<string>("line_id") == LineId(session, 0));
        Assert.Equal(3.5m, merged.Get<decimal>("qty"));
        Assert.Equal(700, merged.Get<long>("line_total_q"));
        Assert.DoesNotContain(items, l => l.Get<string>("line_id") == LineId(session, 2));
        Assert.Equal(750, after.Get<long>("total_q"));
    }

    [Fact]
    public async Task MergeLines_KeepsDecimalSumExact_WhenQuantitiesAreNotBinaryFractions()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("RICE", 0.1m, 10), Ops.AddLine("RICE", 0.2m, 10));

        await ModifyOkAsync(channel, key, Ops.MergeLines(LineId(session, 1), LineId(session, 0)));

        Assert.Equal(0.3m, Assert.Single((await SessionAsync(channel, key)).Array("items")).Get<decimal>("qty"));
    }

    [Fact]
    public async Task MergeLines_Returns400SkuMismatch_WhenSkusDiffer()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1), Ops.AddLine("B", 1));

        AssertError(await Api.ModifyAsync(channel, key, Ops.MergeLines(LineId(session, 1), LineId(session, 0))), HttpStatusCode.BadRequest, "sku_mismatch");
        Assert.Equal(2, (await SessionAsync(channel, key)).Array("items").Count);
    }

    [Fact]
    public async Task MergeLines_Returns400InvalidMerge_WhenLineMergedIntoItself()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        AssertError(await Api.ModifyAsync(channel, key, Ops.MergeLines(LineId(session, 0), LineId(session, 0))), HttpStatusCode.BadRequest, "invalid_merge");
        Assert.Equal(1m, (await SessionAsync(channel, key)).Array("items")[0].Get<decimal>("qty"));
    }

    [Fact]
    public async Task MergeLines_Returns400UnknownLineId_WhenEitherLineAbsent()
    {
        var (channel, key, session) = await SessionWithAsync(null, Ops.AddLine("A", 1));

        AssertError(await Api.ModifyAsync(channel, key, Ops.MergeLines("L-NOTHERE", LineId(session, 0))), HttpStatusCode.BadRequest, "unknown_line_id");
        AssertError(await Api.ModifyAsync(channel, key, Ops.MergeLines(LineId(session, 0), "L-NOTHERE")), HttpStatusCode.BadRequest, "unknown_line_id");
    }

    [Theory]
    [InlineData("""{"op":"add_line","sku":"A\u0000B","qty":1,"unit_price_q":100}""")]
    [InlineData("""{"op":"add_line","sku":"A","name":"x\u0000y","qty":1,"unit_price_q":100}""")]
    [InlineData("""{"op":"add_line","sku":"A","qty":1,"unit_price_q":100,"meta":{"note":"x\u0000y"}}""")]
    [InlineData("""{"op":"set_data","path":"note","value":"x\u0000y"}""")]
    [InlineData("""{"op":"set_data","path":"a\u0000b","value":1}""")]
    public async Task Modify_NeverFailsWithServerError_WhenTextHoldsANulCharacter(string opJson)
    {
        var (channel, key, _) = await SessionWithAsync(null, Ops.AddLine("BASE", 1, 100));

        var response = await Api.PostRawAsync($"/api/sessions/{key}/modify", $$"""{"channel_code":"{{channel}}","ops":[{{opJson}}]}""");

        // PostgreSQL text and jsonb cannot hold NUL, SQLite can: refusing it or keeping it are both fine, a 500 is not.
        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.Status}: {response.Raw}");
        Assert.Equal(response.Status == HttpStatusCode.OK ? 2 : 1, (await SessionAsync(channel, key)).Get<int>("rev"));
        var commit = await Api.CommitAsync(channel, key);
        Assert.True(commit.Status == HttpStatusCode.Created, $"{(int)commit.Status}: {commit.Raw}");
    }

    // ---- request shape ----

    [Fact]
    public async Task Modify_Returns400UnsupportedOp_WhenOpUnknown()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.ModifyAsync(channel, key, new JsonObject { ["op"] = "explode", ["line_id"] = "L-1" });

        AssertError(response, HttpStatusCode.BadRequest, "unsupported_op");
    }

    [Fact]
    public async Task Modify_Returns400MissingField_WhenOpNameMissing()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.ModifyAsync(channel, key, new JsonObject { ["sku"] = "A", ["qty"] = 1 });

        AssertError(response, HttpStatusCode.BadRequest, "missing_field");
        Assert.Equal("op", response.Json["error"]!["context"]!.Get<string>("field"));
    }

    [Fact]
    public async Task Modify_Returns400MissingField_WhenOpsMissing()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.PostAsync($"/api/sessions/{key}/modify", new JsonObject { ["channel_code"] = channel });

        AssertError(response, HttpStatusCode.BadRequest, "missing_field");
        Assert.Equal("ops", response.Json["error"]!["context"]!.Get<string>("field"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[42]")]
    [InlineData("{\"op\":\"add_line\"}")]
    public async Task Modify_Returns400_WhenOpsIsEmptyOrNotAListOfObjects(string opsJson)
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.PostRawAsync($"/api/sessions/{key}/modify", $"{{\"channel_code\":\"{channel}\",\"ops\":{opsJson}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.ErrorCode);
        Assert.Equal(0, (await SessionAsync(channel, key)).Get<int>("rev"));
    }

    [Fact]
    public async Task Modify_Returns400_WhenBodyIsNotJson()
    {
        var (channel, key, _) = await SessionWithAsync(null);

        var response = await Api.PostRawAsync($"/api/sessions/{key}/modify", "{\"channel_code\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.DoesNotContain("   at ", response.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modify_RefusesUnknownFields_InRequestAndOps()
    {
        var (channel, key, _) = await SessionWithAsync(null);
        var op = Ops.AddLine("A", 1);
        op["colour"] = "blue";

        var inRequest = await Api.PostAsync($"/api/sessions/{key}/modify",
            new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(Ops.AddLine("A", 1)), ["client_version"] = "9.1" });
        var inOp = await Api.PostAsync($"/api/sessions/{key}/modify", new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray(op) });

        Assert.Equal("unknown_field", inRequest.Expect(HttpStatusCode.BadRequest).ErrorCode);
        Assert.Equal("unknown_field", inOp.Expect(HttpStatusCode.BadRequest).ErrorCode);
        Assert.Equal("colour", inOp.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }
}

public sealed class SqliteSessionOpsTests(SqliteApp app) : SessionOpsTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionOpsTests(PostgresApp app) : SessionOpsTests(app), IClassFixture<PostgresApp>;
