using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Omniman.Access;
using Omniman.TestKit;
using Xunit.Abstractions;

namespace Omniman.AspNetCore.Tests.Contract;

/// <summary>
/// The OpenAPI document tells the truth (issue 19): every answer a typical session receives, the
/// errors included, is one the document the app serves declares, by status, content type and
/// schema; and every operation the document lists is answered with a success at least once.
/// </summary>
public abstract class ContractTests(OmnimanApp app, ITestOutputHelper output)
{
    private async Task<OpenApiContract> ContractAsync()
    {
        using var anonymous = app.Client(null);
        return new OpenApiContract((await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json);
    }

    [Fact]
    public async Task TypicalSession_EveryAnswer_IsOneTheDocumentDeclares()
    {
        var contract = await ContractAsync();

        await new TypicalSession(app).RunAsync();

        var answers = app.Answers.All.Where(a => a.Url.AbsolutePath.StartsWith("/api", StringComparison.Ordinal)).ToList();
        var problems = answers.SelectMany(contract.Check).ToList();
        output.WriteLine($"{answers.Count} answers checked against the document, {problems.Count} problems.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var succeeded = answers.Where(a => (int)a.Status < 300).Select(contract.OperationOf).ToHashSet();
        var unanswered = contract.Operations.Where(o => !succeeded.Contains(o)).ToList();
        Assert.True(unanswered.Count == 0, "Never answered with a success: " + string.Join(", ", unanswered));
        Assert.Subset(answers.Select(a => (int)a.Status).ToHashSet(), new HashSet<int> { 200, 201, 204, 400, 401, 403, 404, 405, 409, 415, 422 });
    }

    /// <summary>Every request body and success answer has an example, and every example (the error envelopes' too) matches its schema.</summary>
    [Fact]
    public async Task Examples_MatchTheSchemasTheyIllustrate()
    {
        var contract = await ContractAsync();

        var problems = contract.CheckExamples();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The check itself can fail: answers the document does not declare are each caught.</summary>
    [Fact]
    public async Task Check_Refuses_AnswersTheDocumentDoesNotDeclare()
    {
        var contract = await ContractAsync();
        static RecordedAnswer Answer(string method, string path, int status, string body, string? type = "application/json") =>
            new(new HttpMethod(method), new Uri("http://localhost" + path), (HttpStatusCode)status, type, body);
        const string stock = """{"sku": "MUG", "on_hand": 4, "held": 2, "available": 2, "tracked": true}""";

        Assert.Empty(contract.Check(Answer("GET", "/api/stock/MUG", 200, stock)));
        Assert.NotEmpty(contract.Check(Answer("GET", "/api/stock/MUG", 200, """{"sku": "MUG", "on_hand": 4}""")));
        Assert.NotEmpty(contract.Check(Answer("GET", "/api/stock/MUG", 200, """{"sku": "MUG", "on_hand": "4", "held": 2, "available": 2, "tracked": true}""")));
        Assert.NotEmpty(contract.Check(Answer("GET", "/api/stock/MUG", 200, stock, "text/plain")));
        Assert.NotEmpty(contract.Check(Answer("GET", "/api/stock/MUG", 418, stock)));
        Assert.NotEmpty(contract.Check(Answer("GET", "/api/stock/MUG", 404, """{"error": {"code": "not_found", "message": "x"}}""")));
        Assert.NotEmpty(contract.Check(Answer("GET", "/api/nowhere", 200, "{}")));
        Assert.Empty(contract.Check(Answer("GET", "/api/nowhere", 404, """{"error": {"code": "not_found", "message": "x", "context": {}}}""")));
        Assert.Equal("GET /api/orders/stream", contract.OperationOf(Answer("GET", "/api/orders/stream", 200, "{}")));
        Assert.Equal("GET /api/orders/{ref}", contract.OperationOf(Answer("GET", "/api/orders/ORD-1", 200, "{}")));
    }

    /// <summary>
    /// A session as a client lives it: channels, stock, catalog and promotions set up; a basket opened,
    /// modified, short of stock, resolved and committed (and the commit retried); the order read,
    /// listed, polled, moved and annotated; directives and keys managed; and the usual mistakes.
    /// </summary>
    private sealed class TypicalSession(OmnimanApp app)
    {
        private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

        public async Task RunAsync()
        {
            using var admin = app.Admin();
            using var anonymous = app.Client(null);
            (await anonymous.GetAsync("/api/health")).Expect(HttpStatusCode.OK);

            var channel = await ChannelsAsync(admin);
            var (sku, alternative) = await CatalogAndStockAsync(admin);
            var (key, orderRef) = await SessionToOrderAsync(admin, channel, sku, alternative);
            await OrderAsync(admin, channel, orderRef);
            await DirectivesAsync(admin);
            await KeysAsync(admin);
            await PaymentsAsync(admin);
            await WebhooksAsync(admin);
            await MistakesAsync(admin, anonymous, channel, key);
        }

        private async Task<string> ChannelsAsync(ApiClient admin)
        {
            var code = $"web-{_tag}";
            var config = new JsonObject
            {
                ["required_checks_on_commit"] = new JsonArray("stock"),
                ["post_commit_directives"] = new JsonArray("stock.commit"),
                ["status_mapping"] = new JsonObject { ["DSP"] = "dispatched" },
            };
            (await admin.PostAsync("/api/channels", new JsonObject { ["code"] = code, ["name"] = "Web shop", ["config"] = config.DeepClone() }))
                .Expect(HttpStatusCode.Created);
            (await admin.GetAsync("/api/channels")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/channels/{code}")).Expect(HttpStatusCode.OK);
            (await admin.PutAsync($"/api/channels/{code}", new JsonObject { ["name"] = "Web shop", ["display_order"] = 4, ["config"] = config }))
                .Expect(HttpStatusCode.OK);
            return code;
        }

        private async Task<(string Sku, string Alternative)> CatalogAndStockAsync(ApiClient admin)
        {
            var (sku, alternative) = ($"MUG-{_tag}", $"CUP-{_tag}");
            (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 1, ["alternatives"] = new JsonArray(alternative) }))
                .Expect(HttpStatusCode.OK);
            (await admin.PutAsync($"/api/stock/{alternative}", new JsonObject { ["on_hand"] = 6 })).Expect(HttpStatusCode.OK);
            (await admin.PostAsync($"/api/stock/{alternative}/adjust", new JsonObject { ["delta"] = -1, ["reason"] = "broken" })).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/stock/{alternative}")).Expect(HttpStatusCode.OK);

            var product = new JsonObject { ["name"] = "Espresso", ["price_q"] = 700, ["channel_prices"] = new JsonObject { ["pos"] = 650 } };
            (await admin.PutAsync($"/api/products/ESP-{_tag}", product.DeepClone())).Expect(HttpStatusCode.Created);
            (await admin.PutAsync($"/api/products/ESP-{_tag}", product)).Expect(HttpStatusCode.OK);
            (await admin.GetAsync("/api/products?is_active=true&page_size=2")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/products/ESP-{_tag}")).Expect(HttpStatusCode.OK);

            (await admin.PostAsync("/api/promotions", new JsonObject { ["code"] = $"TEN-{_tag}", ["percent_off"] = 10, ["min_subtotal_q"] = 1000 }))
                .Expect(HttpStatusCode.Created);
            (await admin.GetAsync("/api/promotions")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/promotions/TEN-{_tag}")).Expect(HttpStatusCode.OK);
            (await admin.DeleteAsync($"/api/promotions/TEN-{_tag}")).Expect(HttpStatusCode.NoContent);
            return (sku, alternative);
        }

        private async Task<(string Key, string OrderRef)> SessionToOrderAsync(ApiClient admin, string channel, string sku, string alternative)
        {
            var open = new JsonObject { ["channel_code"] = channel, ["handle_type"] = "cart", ["handle_ref"] = _tag };
            var key = (await admin.PostAsync("/api/sessions", open.DeepClone())).Expect(HttpStatusCode.Created).Json.Get<string>("session_key");
            (await admin.PostAsync("/api/sessions", open)).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/sessions?channel_code={channel}&state=open")).Expect(HttpStatusCode.OK);

            (await admin.ModifyAsync(channel, key,
                Scenario.AddLine(sku, 2, 3900),
                new JsonObject { ["op"] = "add_line", ["sku"] = $"NOTE-{_tag}", ["name"] = "Gift note", ["qty"] = 1, ["unit_price_q"] = 0,
                    ["meta"] = new JsonObject { ["text"] = "Happy birthday" } },
                Scenario.SetData("customer.name", "Ana"))).Expect(HttpStatusCode.OK);
            await app.DispatchAllAsync();
            var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}&wait_checks=true&wait_seconds=1")).Expect(HttpStatusCode.OK).Json;
            Assert.Equal("blocking_issues", (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Conflict).ErrorCode);

            var issue = session["data"]!["issues"]![0]!;
            var replace = issue["actions"]!.AsArray().Single(a => a!["ops"]![0]!["op"]!.GetValue<string>() == "replace_sku")!;
            (await admin.PostAsync($"/api/sessions/{key}/resolve", new JsonObject
            {
                ["channel_code"] = channel, ["issue_id"] = issue.Get<string>("id"), ["action_id"] = replace.Get<string>("id"),
            })).Expect(HttpStatusCode.OK);
            await app.DispatchAllAsync();

            var idempotency = new Dictionary<string, string> { ["Idempotency-Key"] = $"cart-{_tag}" };
            var orderRef = (await admin.PostAsync($"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = channel }, idempotency))
                .Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
            (await admin.PostAsync($"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = channel }, idempotency)).Expect(HttpStatusCode.OK);
            await app.DispatchAllAsync();
            (await admin.GetAsync($"/api/stock/{alternative}")).Expect(HttpStatusCode.OK);

            var other = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
            Assert.Equal("idempotency_key_reused",
                (await admin.PostAsync($"/api/sessions/{other}/commit", new JsonObject { ["channel_code"] = channel }, idempotency)).ErrorCode);
            (await admin.PostAsync($"/api/sessions/{other}/abandon?channel_code={channel}", null)).Expect(HttpStatusCode.OK);
            return (key, orderRef);
        }

        private static async Task OrderAsync(ApiClient admin, string channel, string orderRef)
        {
            (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/orders?channel_code={channel}&page_size=1")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/orders/stream?since=0&channel_code={channel}")).Expect(HttpStatusCode.OK);
            (await admin.TransitionAsync(orderRef, "confirmed", actor: "chef-ana", reason: "kitchen accepted")).Expect(HttpStatusCode.OK);
            Assert.Equal("invalid_transition", (await admin.TransitionAsync(orderRef, "delivered")).Expect(HttpStatusCode.BadRequest).ErrorCode);
            (await admin.PostAsync($"/api/orders/{orderRef}/events", new JsonObject
            {
                ["type"] = "custom.note", ["payload"] = new JsonObject { ["text"] = "extra napkins" },
            })).Expect(HttpStatusCode.Created);
            (await admin.PostAsync($"/api/orders/{orderRef}/external-status", new JsonObject { ["code"] = "DSP" })).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK);
        }

        private async Task PaymentsAsync(ApiClient admin)
        {
            var code = $"paid-{_tag}";
            (await admin.PostAsync("/api/channels", new JsonObject
            {
                ["code"] = code, ["name"] = "Paid shop", ["config"] = new JsonObject { ["required_checks_on_commit"] = new JsonArray("payment") },
            })).Expect(HttpStatusCode.Created);
            var key = (await admin.OpenSessionAsync(code)).Get<string>("session_key");
            (await admin.ModifyAsync(code, key, Scenario.AddLine($"BEANS-{_tag}", 1, 4500))).Expect(HttpStatusCode.OK);
            (await admin.PostAsync($"/api/sessions/{key}/payments", new JsonObject { ["channel_code"] = code, ["method"] = "pm_card_visa" }))
                .Expect(HttpStatusCode.Created);
            Assert.Equal("payment_not_needed",
                (await admin.PostAsync($"/api/sessions/{key}/payments", new JsonObject { ["channel_code"] = code })).Expect(HttpStatusCode.Conflict).ErrorCode);
            var orderRef = (await admin.CommitAsync(code, key)).Expect(HttpStatusCode.Created).Json.Get<string>("order_ref");
            await app.DispatchAllAsync();
            (await admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK);
            (await admin.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 1500, ["reason"] = "requested_by_customer" }))
                .Expect(HttpStatusCode.Created);
            Assert.Equal("refund_exceeds_captured", (await admin.PostAsync($"/api/orders/{orderRef}/refunds",
                new JsonObject { ["amount_q"] = 4000, ["reason"] = "too much" })).Expect((HttpStatusCode)422).ErrorCode);
        }

        private async Task WebhooksAsync(ApiClient admin)
        {
            var created = (await admin.PostAsync("/api/webhooks/subscriptions", new JsonObject
            {
                ["url"] = $"https://receiver-{_tag}.example.com/hook", ["events"] = new JsonArray("order.created"), ["description"] = "contract",
            })).Expect(HttpStatusCode.Created).Json;
            var id = created.Get<string>("id");
            (await admin.GetAsync("/api/webhooks/subscriptions")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/webhooks/subscriptions/{id}")).Expect(HttpStatusCode.OK);
            await admin.OrderInChannelAsync("pos");
            var deliveries = (await admin.GetAsync($"/api/webhooks/subscriptions/{id}/deliveries")).Expect(HttpStatusCode.OK).Json;
            (await admin.PostAsync($"/api/webhooks/deliveries/{deliveries.Array("results")[0].Get<string>("id")}/redeliver", null))
                .Expect(HttpStatusCode.Accepted);
            (await admin.PostAsync($"/api/webhooks/subscriptions/{id}/pause", null)).Expect(HttpStatusCode.OK);
            (await admin.PostAsync($"/api/webhooks/subscriptions/{id}/resume", null)).Expect(HttpStatusCode.OK);
            (await admin.DeleteAsync($"/api/webhooks/subscriptions/{id}")).Expect(HttpStatusCode.NoContent);
        }

        private async Task DirectivesAsync(ApiClient admin)
        {
            var listed = (await admin.GetAsync("/api/directives?status=done&page_size=5")).Expect(HttpStatusCode.OK).Json;
            (await admin.GetAsync($"/api/directives/{listed.Array("results")[0].Get<long>("id")}")).Expect(HttpStatusCode.OK);
            var queued = await app.EnqueueDirectiveAsync($"contract.{_tag}", new JsonObject { ["note"] = "run me" });
            (await admin.PostAsync($"/api/directives/{queued}/run", null)).Expect(HttpStatusCode.OK);
        }

        private static async Task KeysAsync(ApiClient admin)
        {
            var created = (await admin.PostAsync("/api/keys", new JsonObject
            {
                ["name"] = "kitchen-display", ["scopes"] = new JsonArray(Scopes.OrdersRead, Scopes.OrdersWrite), ["channels"] = new JsonArray("pos"),
            })).Expect(HttpStatusCode.Created).Json;
            var id = created.Get<long>("id");
            (await admin.GetAsync("/api/keys")).Expect(HttpStatusCode.OK);
            (await admin.GetAsync($"/api/keys/{id}")).Expect(HttpStatusCode.OK);
            var rotated = (await admin.PostAsync($"/api/keys/{id}/rotate", new JsonObject { ["expires_in_seconds"] = 60 })).Expect(HttpStatusCode.Created).Json;
            (await admin.DeleteAsync($"/api/keys/{rotated.Get<long>("id")}")).Expect(HttpStatusCode.NoContent);
        }

        private async Task MistakesAsync(ApiClient admin, ApiClient anonymous, string channel, string committedKey)
        {
            var key = (await admin.OpenSessionAsync(channel)).Get<string>("session_key");
            (await admin.PostAsync($"/api/sessions/{key}/modify", new JsonObject { ["channel_code"] = channel, ["expectedRev"] = 0, ["ops"] = new JsonArray() }))
                .Expect(HttpStatusCode.BadRequest);
            (await admin.PostAsync($"/api/sessions/{key}/modify", new JsonObject { ["channel_code"] = channel, ["ops"] = new JsonArray() }))
                .Expect(HttpStatusCode.BadRequest);
            (await admin.PostRawAsync("/api/sessions", "{\"channel_code\": ")).Expect(HttpStatusCode.BadRequest);
            (await admin.GetAsync("/api/orders?page_size=0")).Expect(HttpStatusCode.BadRequest);
            (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 0))).Expect(HttpStatusCode.BadRequest);
            (await admin.PostRawAsync("/api/sessions", "channel_code=pos", "text/plain")).Expect(HttpStatusCode.UnsupportedMediaType);

            (await anonymous.GetAsync("/api/orders")).Expect(HttpStatusCode.Unauthorized);
            using var reader = app.Client(await app.CreateKeyAsync($"reader-{_tag}", [Scopes.OrdersRead]));
            (await reader.GetAsync("/api/sessions")).Expect(HttpStatusCode.Forbidden);
            (await reader.PostAsync("/api/channels", new JsonObject { ["code"] = $"no-{_tag}", ["name"] = "No" })).Expect(HttpStatusCode.Forbidden);

            (await admin.GetAsync("/api/orders/ORD-20250101-NOPE00")).Expect(HttpStatusCode.NotFound);
            (await admin.GetAsync($"/api/sessions/{key}/")).Expect(HttpStatusCode.NotFound);
            (await admin.GetAsync("/api/nowhere")).Expect(HttpStatusCode.NotFound);
            (await admin.DeleteAsync("/api/orders")).Expect(HttpStatusCode.MethodNotAllowed);

            (await admin.ModifyAsync(channel, key, Scenario.AddLine("A", 1))).Expect(HttpStatusCode.OK);
            (await admin.PostAsync($"/api/sessions/{key}/modify", new JsonObject
            {
                ["channel_code"] = channel, ["expected_rev"] = 0, ["ops"] = new JsonArray(Scenario.AddLine("B", 1)),
            })).Expect(HttpStatusCode.Conflict);
            (await admin.ModifyAsync(channel, committedKey, Scenario.AddLine("A", 1))).Expect(HttpStatusCode.Conflict);
            (await admin.PostAsync($"/api/channels", new JsonObject { ["code"] = channel, ["name"] = "Again" })).Expect(HttpStatusCode.Conflict);
        }
    }
}

public sealed class SqliteContractTests(SqliteApp app, ITestOutputHelper output) : ContractTests(app, output), IClassFixture<SqliteApp>;

public sealed class PostgresContractTests(PostgresApp app, ITestOutputHelper output) : ContractTests(app, output), IClassFixture<PostgresApp>;
