using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// An example request body and success answer per operation, by operation id, as docs/api.md shows
/// them; the contract tests check each against the schema it illustrates.
/// </summary>
internal sealed class OperationExamples : IOpenApiOperationTransformer
{
    private sealed record Example(string? Request, string? Response);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // A module's endpoints carry their examples with them; the kernel's are listed below.
        var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<OperationExample>().Select(e => new Example(e.Request, e.Response))
            .FirstOrDefault();
        if (example is null && (operation.OperationId is null || !Examples.TryGetValue(operation.OperationId, out example))) return Task.CompletedTask;
        if (example.Request is { } request)
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
                media.Example = JsonNode.Parse(request);
        }
        if (example.Response is { } response)
        {
            foreach (var (_, answer) in (operation.Responses ?? []).Where(r => r.Key.StartsWith('2')))
            {
                foreach (var media in answer.Content?.Values ?? [])
                    media.Example = JsonNode.Parse(response);
            }
        }
        return Task.CompletedTask;
    }

    private const string Channel = """
        {"code": "pos", "name": "Point of sale", "pricing_policy": "internal", "edit_policy": "open", "display_order": 1, "is_active": true,
         "config": {"terminology": {"session": "Tab", "order": "Order"}, "icon": "point_of_sale"},
         "created_at": "2025-12-18T10:00:00Z", "updated_at": "2025-12-18T10:00:00Z"}
        """;

    private const string Session = """
        {"session_key": "SESS-342QB984YNN2", "channel_code": "pos", "handle_type": "table", "handle_ref": "7", "state": "open",
         "pricing_policy": "internal", "edit_policy": "open", "rev": 1,
         "items": [{"line_id": "L-R7HKEUHG", "sku": "ESPRESSO", "name": "Espresso", "qty": 2, "unit_price_q": 550, "line_total_q": 1100,
                    "price_source": "payload", "meta": null},
                   {"line_id": "L-3H7ACH6M", "sku": "CHEESE", "name": null, "qty": 0.35, "unit_price_q": 4990, "line_total_q": 1746,
                    "price_source": "payload", "meta": {"cut": "thin"}}],
         "data": {"customer": {"name": "Ana"}},
         "pricing": {"subtotal_q": 2846, "discount_q": 0, "fees_q": 0, "total_q": 2846, "items_count": 2,
                     "trace": [{"line_id": "L-R7HKEUHG", "sku": "ESPRESSO", "unit_price_q": 550, "source": "payload"},
                               {"line_id": "L-3H7ACH6M", "sku": "CHEESE", "unit_price_q": 4990, "source": "payload"}]},
         "total_q": 2846, "opened_at": "2025-12-18T10:00:00Z", "updated_at": "2025-12-18T10:01:00Z", "committed_at": null, "abandoned_at": null}
        """;

    private const string Order = """
        {"id": 1, "ref": "ORD-20251218-3TDZMH", "channel_code": "pos", "session_key": "SESS-342QB984YNN2", "handle_type": "table", "handle_ref": "7",
         "external_ref": null, "status": "confirmed", "currency": "BRL", "total_q": 1100,
         "items": [{"line_id": "L-R7HKEUHG", "sku": "ESPRESSO", "name": "Espresso", "qty": 2, "unit_price_q": 550, "line_total_q": 1100, "meta": null}],
         "snapshot": {"_v": 1, "items": [{"line_id": "L-R7HKEUHG", "sku": "ESPRESSO", "name": "Espresso", "qty": 2, "unit_price_q": 550,
                      "line_total_q": 1100, "price_source": "payload", "meta": null}], "data": {}, "pricing": {"total_q": 1100},
                      "rev": 1, "channel_code": "pos", "pricing_policy": "internal"},
         "created_at": "2025-12-18T10:02:00Z", "updated_at": "2025-12-18T10:03:00Z", "confirmed_at": "2025-12-18T10:03:00Z",
         "processing_at": null, "ready_at": null, "dispatched_at": null, "delivered_at": null, "completed_at": null, "cancelled_at": null,
         "returned_at": null, "status_times": {"new": "2025-12-18T10:02:00Z", "confirmed": "2025-12-18T10:03:00Z"}}
        """;

    private const string Events = """
        [{"id": 1, "type": "created", "actor": "pos-terminal", "payload": {"status": "new"}, "created_at": "2025-12-18T10:02:00Z"},
         {"id": 2, "type": "status_changed", "actor": "kitchen-display",
          "payload": {"from": "new", "to": "confirmed", "reason": "kitchen accepted", "on_behalf_of": "chef-ana"}, "created_at": "2025-12-18T10:03:00Z"}]
        """;

    private const string Directive = """
        {"id": 12, "topic": "stock.hold", "status": "done", "correlation": "session:shop:SESS-342QB984YNN2",
         "payload": {"channel_code": "shop", "session_key": "SESS-342QB984YNN2", "rev": 1}, "attempts": 1,
         "available_at": "2025-12-18T10:01:00Z", "last_error": null, "created_at": "2025-12-18T10:01:00Z",
         "started_at": "2025-12-18T10:01:00Z", "updated_at": "2025-12-18T10:01:01Z"}
        """;

    private const string Key = """
        {"id": 7, "name": "kitchen-display", "prefix": "omk_8Hq2", "scopes": ["orders:read", "orders:write"], "channels": ["pos"],
         "created_at": "2025-12-18T10:00:00Z", "last_used_at": null, "revoked_at": null, "expires_at": "2026-06-18T10:00:00Z", "rotated_from": null}
        """;

    private const string NewKey = """
        {"id": 8, "name": "kitchen-display", "prefix": "omk_3kZp", "scopes": ["orders:read", "orders:write"], "channels": ["pos"],
         "created_at": "2025-12-18T10:00:00Z", "last_used_at": null, "revoked_at": null, "expires_at": null, "rotated_from": 7,
         "secret": "omk_3kZpW9sQ1vXy7Lr2Tb8Nc4Hd6Jf0Gm5Ka1Ue3Ow7Ri"}
        """;

    private const string Stock = """{"sku": "MUG", "on_hand": 5, "held": 2, "available": 3, "tracked": true}""";

    private const string Product = """
        {"sku": "ESPRESSO", "name": "Espresso", "price_q": 700, "is_active": true, "channel_prices": {"pos": 650},
         "created_at": "2025-12-18T10:00:00Z", "updated_at": "2025-12-18T10:00:00Z"}
        """;

    private const string Promotion = """
        {"code": "TEN", "percent_off": 10, "amount_off_q": null, "skus": ["ESPRESSO"], "min_subtotal_q": 1000,
         "valid_from": "2025-12-01T00:00:00Z", "valid_until": "2026-01-01T00:00:00Z", "usage_limit": 100, "usage_count": 0,
         "created_at": "2025-12-18T10:00:00Z"}
        """;

    private const string ChannelRequest = """
        {"code": "shop2", "name": "Shop 2", "pricing_policy": "internal", "edit_policy": "open", "display_order": 4, "is_active": true,
         "config": {"required_checks_on_commit": ["stock"], "post_commit_directives": ["stock.commit"]}}
        """;

    private static readonly Dictionary<string, Example> Examples = new(StringComparer.Ordinal)
    {
        ["getHealth"] = new(null, """{"status": "healthy", "version": "0.1.0"}"""),
        ["listChannels"] = new(null, $$"""{"results": [{{Channel}}]}"""),
        ["getChannel"] = new(null, Channel),
        ["createChannel"] = new(ChannelRequest, Channel),
        ["replaceChannel"] = new(ChannelRequest, Channel),
        ["openSession"] = new("""{"channel_code": "pos", "handle_type": "table", "handle_ref": "7"}""", Session),
        ["listSessions"] = new(null, Page(Session)),
        ["getSession"] = new(null, Session),
        ["modifySession"] = new("""
            {"channel_code": "pos", "expected_rev": 0,
             "ops": [{"op": "add_line", "sku": "ESPRESSO", "name": "Espresso", "qty": 2, "unit_price_q": 550},
                     {"op": "add_line", "sku": "CHEESE", "qty": 0.35, "unit_price_q": 4990, "meta": {"cut": "thin"}},
                     {"op": "set_data", "path": "customer.name", "value": "Ana"}]}
            """, Session),
        ["resolveIssue"] = new("""{"channel_code": "shop", "issue_id": "ISS-7KQ2MX4PZA", "action_id": "ACT-N3C8RT2WQE", "expected_rev": 3}""", Session),
        ["abandonSession"] = new("""{"channel_code": "pos"}""", Session),
        ["commitSession"] = new("""{"channel_code": "pos"}""",
            """{"order_ref": "ORD-20251218-3TDZMH", "order_id": 1, "status": "committed", "order_status": "new", "total_q": 2846, "items_count": 2}"""),
        ["listOrders"] = new(null, Page(Order)),
        ["pollOrders"] = new(null, $$"""{"orders": [{{Order}}], "last_id": 1}"""),
        ["getOrder"] = new(null, Order.TrimEnd()[..^1] + $$""", "events": {{Events}}}"""),
        ["transitionOrder"] = new("""{"status": "confirmed", "actor": "chef-ana", "reason": "kitchen accepted"}""",
            """{"ref": "ORD-20251218-3TDZMH", "status": "confirmed", "previous_status": "new"}"""),
        ["addOrderEvent"] = new("""{"type": "custom.note", "payload": {"text": "extra napkins"}}""",
            """{"id": 3, "type": "custom.note", "actor": "kitchen-display", "payload": {"text": "extra napkins"}, "created_at": "2025-12-18T10:04:00Z"}"""),
        ["reportExternalStatus"] = new("""{"code": "DSP"}""",
            """{"ref": "ORD-20251218-3TDZMH", "code": "DSP", "outcome": "moved", "status": "dispatched", "previous_status": "new"}"""),
        ["listDirectives"] = new(null, Page(Directive)),
        ["getDirective"] = new(null, Directive),
        ["runDirective"] = new(null, Directive.Replace("\"done\"", "\"queued\"", StringComparison.Ordinal)),
        ["createKey"] = new("""{"name": "kitchen-display", "scopes": ["orders:read", "orders:write"], "channels": ["pos"], "expires_at": "2026-06-18T10:00:00Z"}""",
            NewKey.Replace("\"rotated_from\": 7", "\"rotated_from\": null", StringComparison.Ordinal)),
        ["listKeys"] = new(null, Page(Key)),
        ["getKey"] = new(null, Key),
        ["rotateKey"] = new("""{"expires_in_seconds": 86400}""", NewKey),
        ["getStock"] = new(null, Stock),
        ["setStock"] = new("""{"on_hand": 5, "alternatives": ["CUP"]}""", Stock),
        ["adjustStock"] = new("""{"delta": -1, "reason": "broken"}""", Stock),
        ["listProducts"] = new(null, Page(Product)),
        ["getProduct"] = new(null, Product),
        ["saveProduct"] = new("""{"name": "Espresso", "price_q": 700, "is_active": true, "channel_prices": {"pos": 650}}""", Product),
        ["listPromotions"] = new(null, Page(Promotion)),
        ["getPromotion"] = new(null, Promotion),
        ["createPromotion"] = new("""
            {"code": "TEN", "percent_off": 10, "min_subtotal_q": 1000, "skus": ["ESPRESSO"],
             "valid_from": "2025-12-01T00:00:00Z", "valid_until": "2026-01-01T00:00:00Z", "usage_limit": 100}
            """, Promotion),
    };

    private static string Page(string item) =>
        $$"""{"results": [{{item}}], "next": "https://omniman.example/api/list?cursor=bjo0Mg", "previous": null}""";
}
