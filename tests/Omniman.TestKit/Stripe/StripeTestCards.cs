namespace Omniman.TestKit.Stripe;

/// <summary>
/// Stripe's test payment methods the fake knows, and what each does on confirm (Stripe's testing
/// docs: <c>pm_card_visa</c> approves, <c>pm_card_chargeDeclined</c> declines, 3-D Secure cards need the customer).
/// </summary>
public static class StripeTestCards
{
    public const string Visa = "pm_card_visa";
    public const string Mastercard = "pm_card_mastercard";
    public const string Declined = "pm_card_chargeDeclined";
    public const string InsufficientFunds = "pm_card_chargeDeclinedInsufficientFunds";
    public const string ExpiredCard = "pm_card_chargeDeclinedExpiredCard";
    public const string ThreeDSecureRequired = "pm_card_threeDSecure2Required";

    internal enum Outcome { Approve, Decline, RequireAction }

    internal sealed record Card(Outcome Outcome, string? Code = null, string? DeclineCode = null, string? Message = null);

    static readonly Card Generic = new(Outcome.Decline, "card_declined", "generic_decline", "Your card was declined.");
    static readonly Card Funds = new(Outcome.Decline, "card_declined", "insufficient_funds", "Your card has insufficient funds.");
    static readonly Card Expired = new(Outcome.Decline, "expired_card", "expired_card", "Your card has expired.");
    static readonly Card Approve = new(Outcome.Approve);
    static readonly Card Action = new(Outcome.RequireAction);

    static readonly Dictionary<string, Card> Cards = new(StringComparer.Ordinal)
    {
        [Visa] = Approve,
        [Mastercard] = Approve,
        ["pm_card_amex"] = Approve,
        [Declined] = Generic,
        ["pm_card_visa_chargeDeclined"] = Generic,
        ["pm_card_declined"] = Generic,
        [InsufficientFunds] = Funds,
        ["pm_card_visa_chargeDeclinedInsufficientFunds"] = Funds,
        [ExpiredCard] = Expired,
        [ThreeDSecureRequired] = Action,
        ["pm_card_threeDSecureRequired"] = Action,
        ["pm_card_authenticationRequired"] = Action,
    };

    internal static Card? Find(string token) => Cards.GetValueOrDefault(token);
}
