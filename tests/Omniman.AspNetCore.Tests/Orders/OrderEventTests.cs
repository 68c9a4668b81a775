using System.Net;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Orders;

/// <summary>POST /api/orders/{ref}/events: client audit events of <c>custom.*</c> types (docs/concepts.md).</summary>
public abstract class OrderEventTests(OmnimanApp app)
{
    [Fact]
    public async Task AddEvent_Returns201AndShowsInOrder_WhenTypeIsCustom()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var created = (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject
        {
            ["type"] = "custom.printed",
            ["payload"] = new JsonObject { ["printer"] = "kitchen-1", ["copies"] = 2 },
        })).Expect(HttpStatusCode.Created).Json;

        Assert.Equal("custom.printed", created["type"]!.GetValue<string>());
        Assert.Equal("kitchen-1", created["payload"]!["printer"]!.GetValue<string>());
        var events = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.Equal("created", events[0]!["type"]!.GetValue<string>());
        var stored = events[1]!;
        Assert.Equal("custom.printed", stored["type"]!.GetValue<string>());
        Assert.Equal(created["id"]!.GetValue<long>(), stored["id"]!.GetValue<long>());
        Assert.Equal(2, stored["payload"]!["copies"]!.GetValue<int>());
        Assert.Equal("bootstrap", stored["actor"]?.GetValue<string>());
    }

    [Fact]
    public async Task AddEvent_KeepsOrderStatusAndItems()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        var before = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;

        (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom.note" })).Expect(HttpStatusCode.Created);

        var after = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(before["status"]!.GetValue<string>(), after["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(before["items"], after["items"]));
        Assert.Equal(before["events"]!.AsArray().Count + 1, after["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task AddEvent_InterleavesWithStatusChanges_InOrder()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        (await admin.TransitionAsync(orderRef, "confirmed")).Expect(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom.a" })).Expect(HttpStatusCode.Created);
        (await admin.TransitionAsync(orderRef, "processing")).Expect(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom.b" })).Expect(HttpStatusCode.Created);

        var types = (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json["events"]!.AsArray()
            .Select(e => e!["type"]!.GetValue<string>());
        Assert.Equal(["created", "status_changed", "custom.a", "status_changed", "custom.b"], types);
    }

    [Theory]
    [InlineData("status_changed")]
    [InlineData("created")]
    [InlineData("payment.captured")]
    [InlineData("custom.")]
    [InlineData("customer.note")]
    [InlineData("CUSTOM.x")]
    public async Task AddEvent_Returns400_WhenTypeIsNotCustom(string type)
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = type });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("type", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        Assert.Single((await admin.GetAsync($"/api/orders/{orderRef}")).Json["events"]!.AsArray());
    }

    [Fact]
    public async Task AddEvent_Returns400NamingType_WhenTypeIsLongerThan64()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom." + new string('x', 58) });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("type", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
        Assert.Single((await admin.GetAsync($"/api/orders/{orderRef}")).Json["events"]!.AsArray());
        (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom." + new string('x', 57) }))
            .Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AddEvent_IsNeverAServerError_WhenPayloadHoldsNulCharacter()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.PostRawAsync($"/api/orders/{orderRef}/events", """{"type": "custom.x", "payload": {"note": "a\u0000b"}}""");

        // PostgreSQL jsonb cannot hold NUL; SQLite can. Either answer is fine, a 500 is not.
        var events = (await admin.GetAsync($"/api/orders/{orderRef}")).Json["events"]!.AsArray();
        if (response.Status == HttpStatusCode.Created)
        {
            Assert.Equal("a\0b", events[^1]!["payload"]!["note"]!.GetValue<string>());
        }
        else
        {
            response.Expect(HttpStatusCode.BadRequest);
            Assert.Equal("validation_error", response.ErrorCode);
            Assert.Single(events);
        }
    }

    [Fact]
    public async Task AddEvent_Returns400MissingField_WhenTypeIsMissing()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["payload"] = new JsonObject() });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("missing_field", response.ErrorCode);
    }

    [Fact]
    public async Task AddEvent_Returns400NamingPayload_WhenPayloadIsNotAnObject()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();

        var response = await admin.PostAsync($"/api/orders/{orderRef}/events", """{"type": "custom.x", "payload": [1, 2]}""");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("validation_error", response.ErrorCode);
        Assert.Equal("payload", response.Json["error"]!["context"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddEvent_Returns404_WhenRefIsUnknown()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/orders/ORD-20200101-ABCDEF/events", new JsonObject { ["type"] = "custom.x" });

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("not_found", response.ErrorCode);
    }

    [Fact]
    public async Task AddEvent_Returns403_WhenKeyCanOnlyRead()
    {
        using var admin = app.Admin();
        var (_, _, orderRef) = await admin.CommittedOrderAsync();
        using var reader = app.Client(await app.CreateKeyAsync("reader", ["orders:read"]));

        var response = await reader.PostAsync($"/api/orders/{orderRef}/events", new JsonObject { ["type"] = "custom.x" });

        response.Expect(HttpStatusCode.Forbidden);
        Assert.Single((await admin.GetAsync($"/api/orders/{orderRef}")).Json["events"]!.AsArray());
    }
}

public sealed class SqliteOrderEventTests(SqliteApp app) : OrderEventTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOrderEventTests(PostgresApp app) : OrderEventTests(app), IClassFixture<PostgresApp>;
