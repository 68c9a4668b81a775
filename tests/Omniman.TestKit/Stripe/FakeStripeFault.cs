namespace Omniman.TestKit.Stripe;

/// <summary>What <see cref="FakeStripe.Fail"/> makes the next calls to a path do.</summary>
public enum FakeStripeFault
{
    /// <summary>500 before the endpoint runs: nothing done, nothing saved under the idempotency key, so a retry with the same key is served afresh.</summary>
    ServerError,
    /// <summary>500 saved under the idempotency key, as Stripe saves an error once the endpoint began: a retry with the same key gets the same 500.</summary>
    ServerErrorSaved,
    /// <summary>429 <c>rate_limit_error</c> before the endpoint runs; nothing saved.</summary>
    RateLimited,
    /// <summary>No answer until the client gives up (its timeout) or the fake stops; nothing done.</summary>
    Hang,
    /// <summary>The call is carried out and its answer saved under the key, then never sent: a retry with the same key replays it.</summary>
    LoseAnswer,
}
