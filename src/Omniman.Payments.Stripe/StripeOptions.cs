namespace Omniman.Payments.Stripe;

/// <summary>
/// Settings of <c>Omniman:Payments:Stripe</c> (docs/payments.md, "Stripe"). The secret key and the
/// webhook secret live in configuration (environment, a secret store), never in a channel's config,
/// and are never logged.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Omniman:Payments:Stripe";

    /// <summary>Stripe's own API, used unless <see cref="ApiBase"/> points elsewhere.</summary>
    public const string DefaultApiBase = "https://api.stripe.com";

    /// <summary>The account's secret key (<c>sk_live_…</c>, <c>sk_test_…</c>) or a restricted key (<c>rk_…</c>).</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>The signing secret of the webhook endpoint (<c>whsec_…</c>), from the Stripe dashboard.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Where the API is; a test points it at a local fake that speaks Stripe's protocol.</summary>
    public string ApiBase { get; set; } = DefaultApiBase;

    /// <summary>
    /// How long one call may take before it counts as unavailable. Shorter than the directive lease
    /// (<c>Omniman:Directives:LeaseSeconds</c>, 60 by default), so a hung call gives up before
    /// another worker may claim the same directive.
    /// </summary>
    public double TimeoutSeconds { get; set; } = 30;

    public override string ToString() => $"Stripe at {ApiBase}";
}
