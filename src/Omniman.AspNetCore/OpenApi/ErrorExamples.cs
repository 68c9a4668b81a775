using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// One example envelope per error code, as the API answers it, with when it comes
/// (docs/api.md, Errors, says the same in a table). A code without an entry gets its bare envelope.
/// </summary>
internal static class ErrorExamples
{
    private sealed record Example(string When, string Message, string Context = "{}");

    private static readonly Dictionary<string, Example> Examples = new(StringComparer.Ordinal)
    {
        ["validation_error"] = new("A value is malformed, of the wrong type, invalid or over a limit.",
            "'expected_rev' must be a whole number from -2147483648 to 2147483647.", """{"field": "expected_rev"}"""),
        ["unknown_field"] = new("A field the contract does not define.",
            "Unknown field 'expectedRev'; did you mean 'expected_rev'?", """{"field": "expectedRev", "suggestion": "expected_rev"}"""),
        ["missing_field"] = new("A required field is absent.", "'channel_code' is required.", """{"field": "channel_code"}"""),
        ["unsupported_op"] = new("An op the API does not know.", "Unsupported op 'add_item'.", """{"op": "add_item", "op_index": 0}"""),
        ["missing_sku"] = new("add_line or replace_sku without a sku.", "A line needs a 'sku'.", """{"field": "sku", "op_index": 0}"""),
        ["invalid_qty"] = new("qty not a number, not above zero, too large or too precise.",
            "'qty' must be greater than zero.", """{"field": "qty", "op_index": 0}"""),
        ["unknown_line_id"] = new("No line with that id in the session.", "No line 'L-R7HKEUHG' in this session.",
            """{"line_id": "L-R7HKEUHG", "op_index": 0}"""),
        ["missing_unit_price_q"] = new("An internal channel's line without unit_price_q.",
            "This channel's prices come with the op: 'unit_price_q' is required.", """{"field": "unit_price_q", "op_index": 0}"""),
        ["price_not_found"] = new("No price for an external or mixed channel's line.", "No price for 'ESPRESSO'.",
            """{"sku": "ESPRESSO", "op_index": 0}"""),
        ["product_not_found"] = new("The catalog has no such product.", "No product 'ESPRESSO' in the catalog.",
            """{"sku": "ESPRESSO", "op_index": 0}"""),
        ["product_inactive"] = new("The catalog's product is inactive.", "Product 'ESPRESSO' is not for sale.",
            """{"sku": "ESPRESSO", "op_index": 0}"""),
        ["price_override_required"] = new("unit_price_q sent for a backend-priced SKU without price_override.",
            "The price of 'ESPRESSO' comes from the pricing backend; send price_override with a reason to set it by hand.",
            """{"field": "unit_price_q", "sku": "ESPRESSO", "backend_price_q": 700, "op_index": 0}"""),
        ["invalid_merge"] = new("merge_lines with the same line twice.", "A line cannot be merged into itself.",
            """{"line_id": "L-R7HKEUHG", "op_index": 0}"""),
        ["sku_mismatch"] = new("merge_lines across different SKUs.", "Only lines of the same SKU can be merged.", """{"op_index": 0}"""),
        ["invalid_path"] = new("A set_data path too long or too deep, with an empty part, a reserved root, or through a non-object.",
            "A path has 1 to 5 non-empty dot-separated parts.", """{"path": "customer..name", "op_index": 0}"""),
        ["invalid_transition"] = new("The channel's flow does not allow that move.", "confirmed → delivered is not allowed.",
            """{"current_status": "confirmed", "requested_status": "delivered", "allowed": ["processing", "ready", "cancelled"]}"""),
        ["terminal_status"] = new("The order is in a terminal status.", "Order ORD-20251218-3TDZMH is completed and cannot change.",
            """{"current_status": "completed"}"""),
        ["ambiguous_session"] = new("The session key exists in several channels: name channel_code.",
            "Session key 'tab-7' exists in more than one channel; name the channel_code.",
            """{"session_key": "tab-7", "channels": ["pos", "shop"]}"""),
        ["issue_not_found"] = new("No such issue at the session's current rev.", "No issue 'ISS-7KQ2MX4PZA' on the session at rev 3.",
            """{"issue_id": "ISS-7KQ2MX4PZA"}"""),
        ["action_not_found"] = new("The issue has no such action.", "Issue 'ISS-7KQ2MX4PZA' has no action 'ACT-N3C8RT2WQE'.",
            """{"issue_id": "ISS-7KQ2MX4PZA", "action_id": "ACT-N3C8RT2WQE"}"""),
        ["no_resolver"] = new("The action carries no ops.", "Action 'ACT-N3C8RT2WQE' carries no ops to apply.",
            """{"issue_id": "ISS-7KQ2MX4PZA", "action_id": "ACT-N3C8RT2WQE"}"""),
        ["unauthorized"] = new("No key, an unknown, revoked or expired key.", "A valid API key is required."),
        ["forbidden"] = new("The key lacks the scope, or reaches beyond its channels.",
            "This API key lacks the 'admin' scope this request needs.", """{"scope": "admin"}"""),
        ["not_found"] = new("No such resource (or another channel's, for a channel-limited key), or no such route.",
            "Order 'ORD-20251218-3TDZMH' was not found."),
        ["already_committed"] = new("The session is committed.", "Session 'SESS-342QB984YNN2' is already committed.",
            """{"session_key": "SESS-342QB984YNN2"}"""),
        ["already_abandoned"] = new("The session is abandoned.", "Session 'SESS-342QB984YNN2' was abandoned.",
            """{"session_key": "SESS-342QB984YNN2"}"""),
        ["locked"] = new("The session's edit_policy is locked and the key lacks sessions:write_locked.",
            "This session's channel is locked: only the integration that owns it edits it (in process, or with a key holding the 'sessions:write_locked' scope).",
            """{"session_key": "SESS-342QB984YNN2", "edit_policy": "locked", "required_scope": "sessions:write_locked"}"""),
        ["stale_rev"] = new("expected_rev or If-Match differs from the session's rev, or a concurrent write won.",
            "The session is at rev 1, not 0.", """{"expected_rev": 0, "current_rev": 1}"""),
        ["stale_action"] = new("Resolve with an expected_rev the session has moved past.",
            "The session moved on to rev 4; its issues were re-evaluated.", """{"expected_rev": 3, "current_rev": 4}"""),
        ["missing_check"] = new("A required check has not run.", "Check 'stock' has not run for this session yet.", """{"check_code": "stock"}"""),
        ["stale_check"] = new("A required check ran for another rev.", "Check 'stock' ran for rev 1, the session is at rev 2.",
            """{"check_code": "stock", "check_rev": 1, "current_rev": 2}"""),
        ["hold_expired"] = new("A required check's result expired.",
            "The result of check 'stock' expired (what it reserved lapsed); the check runs again.", """{"check_code": "stock"}"""),
        ["blocking_issues"] = new("The session has blocking issues.", "The session has blocking issues.", """{"issues": []}"""),
        ["empty_session"] = new("Commit of a session without items.", "A session needs at least one item to commit."),
        ["in_progress"] = new("A commit with this idempotency key is still running, or the directive is running.",
            "A commit with this idempotency key is still running.", """{"idempotency_key": "tab7-1"}"""),
        ["already_done"] = new("The directive to run again is done.",
            "Directive 12 is done; only queued or failed directives can be run again.", """{"status": "done"}"""),
        ["channel_exists"] = new("The channel code is taken.", "Channel 'shop2' already exists.", """{"code": "shop2"}"""),
        ["session_exists"] = new("The session key is taken in that channel.", "Session 'tab-7' already exists in channel 'pos'.",
            """{"session_key": "tab-7", "channel_code": "pos"}"""),
        ["promotion_exists"] = new("The promotion code is taken.", "Promotion 'TEN' already exists.", """{"code": "TEN"}"""),
        ["coupon_unavailable"] = new("The session's promotion can no longer be used; modify to re-price.",
            "Coupon TEN can no longer be used; modify the session to re-price it.", """{"code": "TEN"}"""),
        ["channel_inactive"] = new("Opening a session on an inactive channel.", "Channel 'pos' is not active.", """{"channel_code": "pos"}"""),
        ["key_inactive"] = new("Rotating a key that is revoked or expired.", "API key 7 was revoked at 2025-12-18T10:00:00Z; create a new key instead.",
            """{"id": 7, "revoked_at": "2025-12-18T10:00:00Z", "expires_at": null}"""),
        ["payload_too_large"] = new("The body is larger than Omniman:Limits:MaxBodyBytes.", "The request body is too large.",
            """{"max_bytes": 1048576}"""),
        ["unsupported_media_type"] = new("The body is not application/json.", "Send the body as application/json."),
        ["idempotency_key_reused"] = new("The idempotency key was used for another session.",
            "This idempotency key was used for another session.", """{"idempotency_key": "tab7-1"}"""),
        ["rate_limited"] = new("Too many requests for this key and kind; wait Retry-After seconds.",
            "Too many requests for this API key; slow down.", """{"retry_after_seconds": 1}"""),
        ["internal_error"] = new("Unexpected; context.trace_id names it in the server log.", "An unexpected error occurred.",
            """{"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}"""),
        ["ref_exhausted"] = new("No free order reference was found; nothing was committed, so the request can be sent again.",
            "Could not find a free order reference; widen OrderRefRandomLength."),
    };

    /// <summary>
    /// The examples of the codes one status carries, keyed by code: references to the document's
    /// <c>components.examples</c>, where each code's example is written once for every operation.
    /// </summary>
    public static Dictionary<string, IOpenApiExample> For(IEnumerable<string> codes, OpenApiDocument document) =>
        codes.ToDictionary(c => c, IOpenApiExample (c) =>
        {
            if (document.Components?.Examples?.ContainsKey(c) != true) document.AddComponent<IOpenApiExample>(c, Build(c));
            return new OpenApiExampleReference(c, document);
        }, StringComparer.Ordinal);

    private static OpenApiExample Build(string code)
    {
        var example = Examples.GetValueOrDefault(code);
        return new OpenApiExample
        {
            Summary = example?.When ?? code,
            Value = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = example?.Message ?? code,
                    ["context"] = JsonNode.Parse(example?.Context ?? "{}"),
                },
            },
        };
    }
}
