using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.IFood;

/// <summary>
/// Settings of <c>Omniman:Marketplaces:IFood</c> (docs/marketplaces.md, "iFood"): the app's client credentials
/// from iFood's developer portal, kept in configuration (environment, a secret store), never in a channel's
/// config, and never logged.
/// </summary>
public sealed class IFoodOptions
{
    public const string Section = "Omniman:Marketplaces:IFood";

    /// <summary>iFood's merchant API, used unless <see cref="BaseUrl"/> points elsewhere (the simulator).</summary>
    public const string DefaultBaseUrl = "https://merchant-api.ifood.com.br";

    public string ClientId { get; set; } = "";

    /// <summary>The app's client secret: it gets tokens and is the key of the webhooks' <c>X-IFood-Signature</c>.</summary>
    public string ClientSecret { get; set; } = "";

    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How long one call may take; shorter than the directive lease, so a hung call gives up first.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>How long after it was placed iFood cancels an order nobody confirmed.</summary>
    public double ConfirmWithinMinutes { get; set; } = 8;

    public override string ToString() => $"iFood at {BaseUrl}";
}

internal sealed class IFoodOptionsValidator : IValidateOptions<IFoodOptions>
{
    public ValidateOptionsResult Validate(string? name, IFoodOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId)) problems.Add($"{IFoodOptions.Section}:ClientId is required.");
        if (string.IsNullOrWhiteSpace(options.ClientSecret)) problems.Add($"{IFoodOptions.Section}:ClientSecret is required.");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _)) problems.Add($"{IFoodOptions.Section}:BaseUrl is not an absolute URL.");
        if (options.TimeoutSeconds <= 0) problems.Add($"{IFoodOptions.Section}:TimeoutSeconds must be positive.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
