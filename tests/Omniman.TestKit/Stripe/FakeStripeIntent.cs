using System.Text.Json.Nodes;

namespace Omniman.TestKit.Stripe;

/// <summary>A PaymentIntent as the fake keeps it, and its JSON as Stripe's API writes it.</summary>
internal sealed class FakeStripeIntent
{
    public required string Id { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string CaptureMethod { get; init; }
    public required long Created { get; init; }
    public required Dictionary<string, string> Metadata { get; init; }
    public bool? AutomaticPaymentMethods { get; init; }
    public string? AllowRedirects { get; init; }
    public string ClientSecret => $"{Id}_secret_{Id[3..]}";
    public string Status { get; set; } = "requires_payment_method";
    public string? PaymentMethod { get; set; }
    public long AmountCapturable { get; set; }
    public long AmountReceived { get; set; }
    public JsonObject? LastPaymentError { get; set; }
    public JsonObject? NextAction { get; set; }
    public FakeStripeCharge? Charge { get; set; }
    public long? CanceledAt { get; set; }
    public string? CancellationReason { get; set; }

    public JsonObject MetadataJson() => new(Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "payment_intent",
        ["amount"] = Amount,
        ["amount_capturable"] = AmountCapturable,
        ["amount_received"] = AmountReceived,
        ["automatic_payment_methods"] = AutomaticPaymentMethods is { } enabled
            ? new JsonObject { ["enabled"] = enabled, ["allow_redirects"] = AllowRedirects ?? "always" }
            : null,
        ["canceled_at"] = CanceledAt,
        ["cancellation_reason"] = CancellationReason,
        ["capture_method"] = CaptureMethod,
        ["client_secret"] = ClientSecret,
        ["confirmation_method"] = "automatic",
        ["created"] = Created,
        ["currency"] = Currency,
        ["last_payment_error"] = LastPaymentError?.DeepClone(),
        ["latest_charge"] = Charge?.Id,
        ["livemode"] = false,
        ["metadata"] = MetadataJson(),
        ["next_action"] = NextAction?.DeepClone(),
        ["payment_method"] = PaymentMethod,
        ["payment_method_types"] = new JsonArray("card"),
        ["status"] = Status,
    };
}
