using System.Text.Json.Nodes;

namespace Omniman.TestKit.Stripe;

/// <summary>
/// An answer of the fake: status and Stripe's JSON. <c>Saved</c> says whether Stripe keeps it under
/// the idempotency key: it does once the endpoint began, not for parameters that failed validation.
/// </summary>
internal sealed record FakeStripeAnswer(int Status, JsonObject Body, bool Saved = true)
{
    public static FakeStripeAnswer Ok(JsonObject body) => new(200, body);

    /// <summary>Stripe's error shape: <c>{"error": {type, code, decline_code, message, param, …}}</c>.</summary>
    public static FakeStripeAnswer Error(int status, string type, string message, string? code = null, string? param = null,
        bool saved = true, Action<JsonObject>? more = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{code.Replace('_', '-')}";
        }
        if (param is not null) error["param"] = param;
        more?.Invoke(error);
        return new(status, new JsonObject { ["error"] = error }, saved);
    }

    /// <summary>A parameter that fails validation: Stripe saves nothing under the key for it.</summary>
    public static FakeStripeAnswer Invalid(string message, string param, string? code = null) =>
        Error(400, "invalid_request_error", message, code, param, saved: false);

    public static FakeStripeAnswer Missing(string param) =>
        Invalid($"Missing required param: {param}.", param, "parameter_missing");

    public static FakeStripeAnswer NoSuch(string what, string id, string param, int status = 400) =>
        Error(status, "invalid_request_error", $"No such {what}: '{id}'", "resource_missing", param, saved: false);

    public static FakeStripeAnswer UnexpectedState(string message, JsonObject intent) =>
        Error(400, "invalid_request_error", message, "payment_intent_unexpected_state",
            more: e => e["payment_intent"] = intent);

    public static FakeStripeAnswer ApiError() =>
        Error(500, "api_error", "An unknown error occurred");
}
