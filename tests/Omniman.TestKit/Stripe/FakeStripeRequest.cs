namespace Omniman.TestKit.Stripe;

/// <summary>One call the fake received, as it arrived: method, path, <c>Idempotency-Key</c> header and form (or query) fields.</summary>
public sealed record FakeStripeRequest(string Method, string Path, string? IdempotencyKey, IReadOnlyDictionary<string, string> Form);
