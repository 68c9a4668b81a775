using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Omniman.TestKit.Stripe;

/// <summary>
/// The state behind the fake (intents, charges, refunds) and the endpoints that change it, with the
/// rules Stripe documents: manual capture up to <c>amount_capturable</c>, one capture, cancel before
/// capture, refunds up to what was captured. Callers hold the lock.
/// </summary>
internal sealed class FakeStripeAccount(TimeProvider clock)
{
    readonly Dictionary<string, FakeStripeIntent> _intents = new(StringComparer.Ordinal);
    readonly Dictionary<string, JsonObject> _refunds = new(StringComparer.Ordinal);

    public object Gate { get; } = new();

    public IReadOnlyCollection<FakeStripeIntent> Intents => _intents.Values;

    public FakeStripeIntent? Find(string id) => _intents.GetValueOrDefault(id);

    long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    static readonly string[] CreateFields = ["amount", "currency", "capture_method", "confirm", "payment_method",
        "metadata[", "automatic_payment_methods[enabled]", "automatic_payment_methods[allow_redirects]", "return_url",
        "description", "payment_method_types[", "expand["];
    static readonly string[] CaptureFields = ["amount_to_capture", "final_capture", "metadata[", "expand["];
    static readonly string[] CancelFields = ["cancellation_reason", "expand["];
    static readonly string[] RefundFields = ["payment_intent", "charge", "amount", "reason", "metadata[", "expand["];
    static readonly string[] RefundReasons = ["duplicate", "fraudulent", "requested_by_customer"];
    static readonly string[] CancellationReasons = ["abandoned", "duplicate", "fraudulent", "requested_by_customer"];
    static readonly string[] Cancellable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];

    public FakeStripeAnswer CreateIntent(IReadOnlyDictionary<string, string> form)
    {
        if (Unknown(form, CreateFields) is { } unknown) return unknown;
        if (!form.TryGetValue("amount", out var amountText)) return FakeStripeAnswer.Missing("amount");
        if (Integer(amountText, "amount") is { } badAmount) return badAmount;
        if (!form.TryGetValue("currency", out var currency)) return FakeStripeAnswer.Missing("currency");
        var captureMethod = form.GetValueOrDefault("capture_method", "automatic_async");
        if (captureMethod is not ("manual" or "automatic" or "automatic_async"))
            return FakeStripeAnswer.Invalid($"Invalid capture_method: {captureMethod}", "capture_method");
        var confirm = form.GetValueOrDefault("confirm") == "true";
        var method = form.GetValueOrDefault("payment_method");
        var automatic = form.TryGetValue("automatic_payment_methods[enabled]", out var enabled) ? enabled == "true" : (bool?)null;
        var allowRedirects = form.GetValueOrDefault("automatic_payment_methods[allow_redirects]");
        if (confirm && method is null)
            return FakeStripeAnswer.Invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method",
                "payment_intent_unexpected_state");
        // Stripe's rule for a server-side confirm of an intent that accepts the dashboard's methods:
        // some of them redirect the customer, so it wants a page to come back to unless redirects are off.
        if (confirm && automatic == true && allowRedirects != "never" && !form.ContainsKey("return_url"))
            return FakeStripeAnswer.Invalid(
                "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods "
                + "might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based "
                + "payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never`.",
                "return_url");
        StripeTestCards.Card? card = null;
        if (method is not null && (card = StripeTestCards.Find(method)) is null)
            return FakeStripeAnswer.NoSuch("PaymentMethod", method, "payment_method");

        var intent = new FakeStripeIntent
        {
            Id = NewId("pi"),
            Amount = long.Parse(amountText, CultureInfo.InvariantCulture),
            Currency = currency.ToLowerInvariant(),
            CaptureMethod = captureMethod,
            Created = Now,
            Metadata = Prefixed(form, "metadata["),
            AutomaticPaymentMethods = automatic,
            AllowRedirects = allowRedirects,
        };
        _intents.Add(intent.Id, intent);
        if (method is null) return FakeStripeAnswer.Ok(intent.ToJson());
        intent.Status = "requires_confirmation";
        return confirm ? Confirm(intent, card!) : FakeStripeAnswer.Ok(intent.ToJson());
    }

    FakeStripeAnswer Confirm(FakeStripeIntent intent, StripeTestCards.Card card)
    {
        // Stripe makes a PaymentMethod of the test token; the intent names that one.
        intent.PaymentMethod = NewId("pm");
        switch (card.Outcome)
        {
            case StripeTestCards.Outcome.RequireAction:
                intent.Status = "requires_action";
                intent.NextAction = new JsonObject
                {
                    ["type"] = "use_stripe_sdk",
                    ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect", ["stripe_js"] = $"https://hooks.stripe.com/3d_secure_2/hosted?payment_intent={intent.Id}" },
                };
                return FakeStripeAnswer.Ok(intent.ToJson());
            case StripeTestCards.Outcome.Decline:
                intent.Charge = new FakeStripeCharge { Id = NewId("ch"), Amount = intent.Amount, Created = Now, Status = "failed" };
                intent.Status = "requires_payment_method";
                var error = new JsonObject
                {
                    ["type"] = "card_error",
                    ["code"] = card.Code,
                    ["decline_code"] = card.DeclineCode,
                    ["message"] = card.Message,
                    ["charge"] = intent.Charge.Id,
                    ["doc_url"] = $"https://stripe.com/docs/error-codes/{card.Code!.Replace('_', '-')}",
                    ["payment_method"] = new JsonObject { ["id"] = intent.PaymentMethod, ["object"] = "payment_method", ["type"] = "card", ["created"] = Now, ["livemode"] = false },
                };
                intent.LastPaymentError = error;
                // Stripe answers 402 with the error and the intent, now waiting for another method.
                var answer = (JsonObject)error.DeepClone();
                answer["payment_intent"] = intent.ToJson();
                return new FakeStripeAnswer(402, new JsonObject { ["error"] = answer });
            default:
                Authorize(intent);
                return FakeStripeAnswer.Ok(intent.ToJson());
        }
    }

    void Authorize(FakeStripeIntent intent)
    {
        intent.NextAction = null;
        intent.LastPaymentError = null;
        intent.Charge = new FakeStripeCharge { Id = NewId("ch"), Amount = intent.Amount, Created = Now, Status = "succeeded" };
        if (intent.CaptureMethod == "manual")
        {
            intent.Status = "requires_capture";
            intent.AmountCapturable = intent.Amount;
        }
        else
        {
            intent.Status = "succeeded";
            intent.AmountReceived = intent.Charge.AmountCaptured = intent.Amount;
            intent.Charge.Captured = true;
        }
    }

    /// <summary>The customer passed 3-D Secure: the intent goes on as an approved card would.</summary>
    public void CompleteAction(FakeStripeIntent intent)
    {
        if (intent.Status != "requires_action") throw new InvalidOperationException($"{intent.Id} is {intent.Status}, not requires_action.");
        Authorize(intent);
    }

    /// <summary>The customer failed 3-D Secure: the intent waits for another method, with the failure.</summary>
    public static void FailAction(FakeStripeIntent intent)
    {
        if (intent.Status != "requires_action") throw new InvalidOperationException($"{intent.Id} is {intent.Status}, not requires_action.");
        intent.Status = "requires_payment_method";
        intent.NextAction = null;
        intent.LastPaymentError = new JsonObject
        {
            ["type"] = "invalid_request_error",
            ["code"] = "payment_intent_authentication_failure",
            ["message"] = "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
        };
    }

    public FakeStripeAnswer Retrieve(string id) =>
        Find(id) is { } intent ? FakeStripeAnswer.Ok(intent.ToJson()) : FakeStripeAnswer.NoSuch("payment_intent", id, "intent", 404);

    public FakeStripeAnswer Capture(string id, IReadOnlyDictionary<string, string> form)
    {
        if (Unknown(form, CaptureFields) is { } unknown) return unknown;
        if (Find(id) is not { } intent) return FakeStripeAnswer.NoSuch("payment_intent", id, "intent", 404);
        if (intent.Status != "requires_capture")
            return FakeStripeAnswer.UnexpectedState(
                $"This PaymentIntent could not be captured because it has a status of {intent.Status}. "
                + "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.", intent.ToJson());
        var amount = intent.AmountCapturable;
        if (form.TryGetValue("amount_to_capture", out var text))
        {
            if (Integer(text, "amount_to_capture") is { } bad) return bad;
            amount = long.Parse(text, CultureInfo.InvariantCulture);
        }
        if (amount > intent.AmountCapturable)
            return FakeStripeAnswer.Error(400, "invalid_request_error",
                $"The amount to capture ({amount}) must be less than or equal to the amount capturable ({intent.AmountCapturable}).",
                "amount_too_large", "amount_to_capture");
        // One capture: what is not captured is released.
        intent.Status = "succeeded";
        intent.AmountReceived = amount;
        intent.AmountCapturable = 0;
        intent.Charge!.AmountCaptured = amount;
        intent.Charge.Captured = true;
        return FakeStripeAnswer.Ok(intent.ToJson());
    }

    public FakeStripeAnswer Cancel(string id, IReadOnlyDictionary<string, string> form)
    {
        if (Unknown(form, CancelFields) is { } unknown) return unknown;
        if (Find(id) is not { } intent) return FakeStripeAnswer.NoSuch("payment_intent", id, "intent", 404);
        var reason = form.GetValueOrDefault("cancellation_reason");
        if (reason is not null && !CancellationReasons.Contains(reason))
            return FakeStripeAnswer.Invalid($"Invalid cancellation_reason: must be one of {string.Join(", ", CancellationReasons)}", "cancellation_reason");
        if (!Cancellable.Contains(intent.Status))
            return FakeStripeAnswer.UnexpectedState(
                $"You cannot cancel this PaymentIntent because it has a status of {intent.Status}. "
                + $"Only a PaymentIntent with one of the following statuses may be canceled: {string.Join(", ", Cancellable)}.", intent.ToJson());
        intent.Status = "canceled";
        intent.AmountCapturable = 0;
        intent.NextAction = null;
        intent.CanceledAt = Now;
        intent.CancellationReason = reason;
        return FakeStripeAnswer.Ok(intent.ToJson());
    }

    public FakeStripeAnswer Refund(IReadOnlyDictionary<string, string> form)
    {
        if (Unknown(form, RefundFields) is { } unknown) return unknown;
        FakeStripeIntent? intent;
        if (form.TryGetValue("payment_intent", out var intentId))
        {
            if ((intent = Find(intentId)) is null) return FakeStripeAnswer.NoSuch("payment_intent", intentId, "payment_intent");
        }
        else if (form.TryGetValue("charge", out var chargeId))
        {
            if ((intent = _intents.Values.FirstOrDefault(i => i.Charge?.Id == chargeId)) is null)
                return FakeStripeAnswer.NoSuch("charge", chargeId, "charge");
        }
        else
        {
            return FakeStripeAnswer.Invalid("One of the following params should be provided for this request: payment_intent or charge.",
                "payment_intent", "parameter_missing");
        }
        var reason = form.GetValueOrDefault("reason");
        if (reason is not null && !RefundReasons.Contains(reason))
            return FakeStripeAnswer.Invalid($"Invalid reason: must be one of {string.Join(", ", RefundReasons)}", "reason");
        if (intent.Status != "succeeded" || intent.Charge is not { Captured: true } charge)
            return FakeStripeAnswer.UnexpectedState(
                $"This PaymentIntent ({intent.Id}) does not have a successful charge to refund.", intent.ToJson());
        var left = charge.AmountCaptured - charge.AmountRefunded;
        if (left == 0)
            return FakeStripeAnswer.Error(400, "invalid_request_error", $"Charge {charge.Id} has already been refunded.", "charge_already_refunded");
        var amount = left;
        if (form.TryGetValue("amount", out var text))
        {
            if (Integer(text, "amount") is { } bad) return bad;
            amount = long.Parse(text, CultureInfo.InvariantCulture);
        }
        if (amount > left)
            return FakeStripeAnswer.Error(400, "invalid_request_error",
                $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})", "amount_too_large", "amount");
        charge.AmountRefunded += amount;
        var refund = new JsonObject
        {
            ["id"] = NewId("re"),
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = charge.Id,
            ["created"] = Now,
            ["currency"] = intent.Currency,
            ["metadata"] = new JsonObject(Prefixed(form, "metadata[").Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["payment_intent"] = intent.Id,
            ["reason"] = reason,
            ["status"] = "succeeded",
        };
        _refunds.Add(refund["id"]!.GetValue<string>(), refund);
        return FakeStripeAnswer.Ok((JsonObject)refund.DeepClone());
    }

    public FakeStripeAnswer RetrieveRefund(string id) =>
        _refunds.TryGetValue(id, out var refund) ? FakeStripeAnswer.Ok((JsonObject)refund.DeepClone()) : FakeStripeAnswer.NoSuch("refund", id, "id", 404);

    /// <summary>Stripe refuses a parameter it does not know; so does the fake, so a misspelt field fails a test.</summary>
    static FakeStripeAnswer? Unknown(IReadOnlyDictionary<string, string> form, string[] known)
    {
        foreach (var field in form.Keys)
            if (!known.Any(k => k.EndsWith('[') ? field.StartsWith(k, StringComparison.Ordinal) : field == k))
                return FakeStripeAnswer.Invalid($"Received unknown parameter: {field}", field, "parameter_unknown");
        return null;
    }

    static FakeStripeAnswer? Integer(string text, string param) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? null
            : FakeStripeAnswer.Invalid($"Invalid positive integer: {param}", param, "parameter_invalid_integer");

    static Dictionary<string, string> Prefixed(IReadOnlyDictionary<string, string> form, string prefix) =>
        form.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .ToDictionary(f => f.Key[prefix.Length..^1], f => f.Value, StringComparer.Ordinal);

    internal static string NewId(string prefix)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return $"{prefix}_{RandomNumberGenerator.GetString(alphabet, 24)}";
    }
}
