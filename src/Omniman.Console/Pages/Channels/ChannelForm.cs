using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.OperatorConsole.Text;

namespace Omniman.OperatorConsole.Pages.Channels;

/// <summary>
/// A channel's fields as the set-up forms hold them (the config as JSON text), for creating one and
/// for replacing one; what was typed comes back with a refusal. The kernel's
/// <see cref="SaveChannel"/> judges the values, as it does for <c>POST</c> and <c>PUT /api/channels</c>.
/// </summary>
public sealed class ChannelForm
{
    /// <summary>The fields an error may name (the kernel's names), for <see cref="FormError.Of"/>.</summary>
    public static readonly IReadOnlyList<string> Fields = ["code", "name", "pricing_policy", "edit_policy", "display_order", "is_active", "config"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? PricingPolicy { get; set; } = PricingPolicies.Internal;
    public string? EditPolicy { get; set; } = EditPolicies.Open;
    public string? DisplayOrder { get; set; } = "0";
    /// <summary>A checkbox: absent from a post when unticked, so false unless sent.</summary>
    public bool IsActive { get; set; }
    public string? Config { get; set; } = "{}";

    /// <summary>The create form as it starts: the kernel's defaults, active.</summary>
    public static ChannelForm New() => new() { IsActive = true };

    public static ChannelForm Of(Channel channel) => new()
    {
        Code = channel.Code, Name = channel.Name, PricingPolicy = channel.PricingPolicy, EditPolicy = channel.EditPolicy,
        DisplayOrder = channel.DisplayOrder.ToString(System.Globalization.CultureInfo.InvariantCulture), IsActive = channel.IsActive,
        Config = channel.Config.ToJsonString(Indented),
    };

    /// <summary>The definition the kernel saves; a config that is not a JSON object is refused here, by its field.</summary>
    public ChannelDefinition ToDefinition(Texts t) =>
        new(Code?.Trim(), Name, PricingPolicy, EditPolicy, FormInput.Whole(DisplayOrder, "display_order", t), IsActive, ConfigObject(t));

    private JsonObject? ConfigObject(Texts t)
    {
        if (string.IsNullOrWhiteSpace(Config)) return null;
        JsonNode? node;
        try
        {
            // The API's reading of a body: a property given twice is refused, not silently the last.
            node = JsonSerializer.Deserialize<JsonNode>(Config, Json.Options);
        }
        catch (JsonException ex)
        {
            // The strict reader wraps the reader's own error, which knows where the text broke.
            var at = ex;
            while (at.InnerException is JsonException inner && inner.LineNumber is not null) at = inner;
            throw new OmnimanException("validation_error", string.Format(System.Globalization.CultureInfo.InvariantCulture,
                t["The config is not valid JSON (line {0}, byte {1})."], (at.LineNumber ?? 0) + 1, (at.BytePositionInLine ?? 0) + 1), new { field = "config" });
        }
        return node as JsonObject ?? throw new OmnimanException("validation_error", t["The config must be a JSON object: { … }."], new { field = "config" });
    }
}
