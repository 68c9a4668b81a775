namespace Omniman.AspNetCore.Errors;

/// <summary>The one table from an error code to its HTTP status (docs/api.md, Errors); unlisted codes are 400.</summary>
internal static class ErrorStatus
{
    private static readonly Dictionary<string, int> Statuses = new(StringComparer.Ordinal)
    {
        ["unauthorized"] = 401,
        ["forbidden"] = 403,
        ["not_found"] = 404,
        ["method_not_allowed"] = 405,
        ["already_committed"] = 409,
        ["already_abandoned"] = 409,
        ["locked"] = 409,
        ["stale_rev"] = 409,
        ["blocking_issues"] = 409,
        ["stale_check"] = 409,
        ["missing_check"] = 409,
        ["hold_expired"] = 409,
        ["in_progress"] = 409,
        ["empty_session"] = 409,
        ["stale_action"] = 409,
        ["channel_exists"] = 409,
        ["session_exists"] = 409,
        ["channel_inactive"] = 409,
        ["already_done"] = 409,
        ["coupon_unavailable"] = 409,
        ["promotion_exists"] = 409,
        ["key_inactive"] = 409,
        ["idempotency_key_reused"] = 422,
        ["payment_not_needed"] = 409,
        ["refund_exceeds_captured"] = 422,
        ["payment_gateway_refused"] = 502,
        ["payment_gateway_unavailable"] = 503,
        ["payload_too_large"] = 413,
        ["unsupported_media_type"] = 415,
        ["rate_limited"] = 429,
        ["internal_error"] = 500,
        ["ref_exhausted"] = 503,
    };

    public static int For(string code) => Statuses.GetValueOrDefault(code, 400);
}
