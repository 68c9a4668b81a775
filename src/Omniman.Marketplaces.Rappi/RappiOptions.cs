using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.Rappi;

/// <summary>
/// Settings of <c>Omniman:Marketplaces:Rappi</c> (docs/marketplaces.md, "Set up Rappi"): the integration's
/// credentials from Rappi's partner portal and the webhook secret, kept in configuration, never in a
/// channel's config, and never logged.
/// </summary>
public sealed class RappiOptions
{
    public const string Section = "Omniman:Marketplaces:Rappi";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The key of the webhooks' <c>Rappi-Signature</c>; Rappi gives it apart from the client secret.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Rappi's domain for the store's country: each country has its own, so there is no default.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The <c>audience</c> the older token login (<c>/restaurants/auth/oauth/token</c>) asks for, when Rappi gave one.</summary>
    public string Audience { get; set; } = "";

    /// <summary>How long one call may take; shorter than the directive lease, so a hung call gives up first.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>The cooking time sent with a take when the order does not suggest one.</summary>
    public int CookingMinutes { get; set; } = 20;

    /// <summary>The <c>cancel_type</c> of a reject when the channel names no <c>cancellation_code</c>.</summary>
    public string RejectType { get; set; } = "ITEM_NOT_AVAILABLE";

    public override string ToString() => $"Rappi at {BaseUrl}";
}

internal sealed class RappiOptionsValidator : IValidateOptions<RappiOptions>
{
    public ValidateOptionsResult Validate(string? name, RappiOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId)) problems.Add($"{RappiOptions.Section}:ClientId is required.");
        if (string.IsNullOrWhiteSpace(options.ClientSecret)) problems.Add($"{RappiOptions.Section}:ClientSecret is required.");
        if (string.IsNullOrWhiteSpace(options.WebhookSecret)) problems.Add($"{RappiOptions.Section}:WebhookSecret is required.");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _)) problems.Add($"{RappiOptions.Section}:BaseUrl is required: the Rappi domain of the store's country.");
        if (options.TimeoutSeconds <= 0) problems.Add($"{RappiOptions.Section}:TimeoutSeconds must be positive.");
        if (options.CookingMinutes <= 0) problems.Add($"{RappiOptions.Section}:CookingMinutes must be positive.");
        if (string.IsNullOrWhiteSpace(options.RejectType)) problems.Add($"{RappiOptions.Section}:RejectType is required.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
