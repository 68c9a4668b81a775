using Microsoft.Extensions.Options;

namespace Omniman.Payments.Stripe;

/// <summary>
/// Checks the Stripe settings when the host starts, so a missing key fails the start instead of the
/// first payment. Messages name the setting, never its value.
/// </summary>
internal sealed class StripeOptionsValidator : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        var failures = new List<string>();
        if (!IsKey(options.SecretKey, "sk_") && !IsKey(options.SecretKey, "rk_"))
            failures.Add($"{StripeOptions.Section}:SecretKey must be a Stripe secret key (sk_…) or restricted key (rk_…).");
        if (!IsKey(options.WebhookSecret, "whsec_"))
            failures.Add($"{StripeOptions.Section}:WebhookSecret must be the webhook endpoint's signing secret (whsec_…).");
        if (!Uri.TryCreate(options.ApiBase, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            failures.Add($"{StripeOptions.Section}:ApiBase must be an absolute http(s) URL.");
        if (!(options.TimeoutSeconds > 0))
            failures.Add($"{StripeOptions.Section}:TimeoutSeconds must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Stripe's client refuses a key with whitespace at the first call; better to say so at start.
    static bool IsKey(string value, string prefix) =>
        value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace);
}
