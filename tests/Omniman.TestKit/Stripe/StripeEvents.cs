using System.Text.Json.Nodes;

namespace Omniman.TestKit.Stripe;

/// <summary>Webhook event bodies as Stripe sends them: <c>{id, object: "event", type, created, data: {object}}</c>.</summary>
public static class StripeEvents
{
    /// <summary>An API version older than the client's, as an endpoint created some time ago has.</summary>
    public const string ApiVersion = "2024-06-20";

    /// <summary>An event of <paramref name="type"/> carrying <paramref name="dataObject"/> (a payment intent, a charge…).</summary>
    public static string Create(string type, JsonObject dataObject, DateTimeOffset created, string? eventId = null) =>
        new JsonObject
        {
            ["id"] = eventId ?? FakeStripeAccount.NewId("evt"),
            ["object"] = "event",
            ["api_version"] = ApiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();
}
