using System.Text.Json.Nodes;

namespace Omniman.TestKit.Stripe;

/// <summary>The charge behind an intent's latest attempt: what was captured and refunded of it.</summary>
internal sealed class FakeStripeCharge
{
    public required string Id { get; init; }
    public required long Amount { get; init; }
    public required long Created { get; init; }
    public required string Status { get; init; }
    public long AmountCaptured { get; set; }
    public long AmountRefunded { get; set; }
    public bool Captured { get; set; }

    public JsonObject ToJson(FakeStripeIntent intent) => new()
    {
        ["id"] = Id,
        ["object"] = "charge",
        ["amount"] = Amount,
        ["amount_captured"] = AmountCaptured,
        ["amount_refunded"] = AmountRefunded,
        ["captured"] = Captured,
        ["created"] = Created,
        ["currency"] = intent.Currency,
        ["livemode"] = false,
        ["metadata"] = intent.MetadataJson(),
        ["paid"] = Status == "succeeded",
        ["payment_intent"] = intent.Id,
        ["payment_method"] = intent.PaymentMethod,
        ["refunded"] = AmountCaptured > 0 && AmountRefunded == AmountCaptured,
        ["status"] = Status,
    };
}
