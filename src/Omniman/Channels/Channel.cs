using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Omniman.Common;

namespace Omniman.Channels;

/// <summary>Where orders come from: a POS counter, a web shop, a marketplace (docs/concepts.md, Channels).</summary>
public sealed partial class Channel
{
    public const int MaxNameLength = 200;

    private ChannelConfig? _settings;

    private Channel() { }

    public long Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string PricingPolicy { get; private set; } = PricingPolicies.Internal;
    public string EditPolicy { get; private set; } = EditPolicies.Open;
    public int DisplayOrder { get; private set; }
    public bool IsActive { get; private set; } = true;
    public JsonObject Config { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The validated view of <see cref="Config"/>.</summary>
    public ChannelConfig Settings => _settings ??= ChannelConfig.Parse(Config);

    public static Channel Create(ChannelDefinition definition, DateTime nowUtc)
    {
        if (!IsValidCode(definition.Code))
            throw OmnimanException.Invalid("code", "A channel code is a slug: lowercase letters, digits, '-' and '_', at most 64 characters.");
        var channel = new Channel { Code = definition.Code, CreatedAt = nowUtc };
        channel.Replace(definition, nowUtc);
        return channel;
    }

    /// <summary>Replaces every field but the code; the config is validated before anything changes.</summary>
    public void Replace(ChannelDefinition definition, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(definition.Name)) throw OmnimanException.MissingField("name");
        if (!Text.Fits(definition.Name, MaxNameLength))
            throw OmnimanException.Invalid("name", $"A channel name has {Text.AtMost(MaxNameLength)}.");
        var pricing = definition.PricingPolicy ?? PricingPolicies.Internal;
        if (!PricingPolicies.All.Contains(pricing))
            throw OmnimanException.Invalid("pricing_policy", "pricing_policy is one of internal, external, mixed.");
        var edit = definition.EditPolicy ?? EditPolicies.Open;
        if (!EditPolicies.All.Contains(edit))
            throw OmnimanException.Invalid("edit_policy", "edit_policy is one of open, locked.");
        var config = definition.Config ?? [];
        var settings = ChannelConfig.Parse(config);

        Name = definition.Name;
        PricingPolicy = pricing;
        EditPolicy = edit;
        DisplayOrder = definition.DisplayOrder ?? 0;
        IsActive = definition.IsActive ?? true;
        Config = Json.Clone(config);
        _settings = settings;
        UpdatedAt = nowUtc;
    }

    /// <summary>A channel code is a slug: lowercase letters, digits, '-' and '_', at most 64 characters.</summary>
    public static bool IsValidCode([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? code) => !string.IsNullOrEmpty(code) && CodePattern().IsMatch(code);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex CodePattern();
}

/// <summary>The writable fields of a channel, as an admin sends them.</summary>
// [Required] marks the fields a client must send; the API's contract (its OpenAPI document) reads it, the operation enforces it.
public sealed record ChannelDefinition(
    [property: Description("The channel's code: required to create a channel; when replacing one, the path names it and this is ignored.")] string? Code,
    [property: Required] string? Name, string? PricingPolicy, string? EditPolicy,
    int? DisplayOrder, bool? IsActive, JsonObject? Config);
