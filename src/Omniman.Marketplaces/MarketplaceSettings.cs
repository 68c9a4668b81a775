using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;

namespace Omniman.Marketplaces;

/// <summary>
/// A channel's <c>marketplace</c> config key (docs/marketplaces.md, "Channel config"): which marketplace and
/// merchants feed it, whether new orders are confirmed at once, whether it is polled, the cancellation code
/// it prefers, and which of our statuses send which action. Credentials are settings, never here: API
/// clients can read a channel's config.
/// </summary>
public sealed record MarketplaceSettings(string Provider, IReadOnlyList<string> MerchantIds, bool AutoConfirm, bool Polling,
    string? CancellationCode, IReadOnlyDictionary<string, string> Actions)
{
    public const string ConfigKey = "marketplace";
    private static readonly string[] Keys = ["provider", "merchant_ids", "auto_confirm", "polling", "cancellation_code", "actions"];

    /// <summary>The channel's marketplace settings, or null for a channel no marketplace feeds.</summary>
    public static MarketplaceSettings? Of(Channel channel) =>
        channel.Config[ConfigKey] is { } node ? Parse(node, channel.Settings) : null;

    /// <summary>The action one of our moves into <paramref name="status"/> sends, if any.</summary>
    public string? ActionFor(string status) => Actions.GetValueOrDefault(status);

    /// <summary>Parses and validates; a problem is a 400 naming the key.</summary>
    public static MarketplaceSettings Parse(JsonNode node, ChannelConfig config)
    {
        if (node is not JsonObject settings) throw OmnimanException.Invalid("config.marketplace", "'marketplace' must be an object.");
        UnknownFields.Ensure(settings, Keys, "config.marketplace");
        var provider = Text(settings["provider"], "config.marketplace.provider", MarketplaceTables.ProviderLength)
            ?? throw OmnimanException.MissingField("config.marketplace.provider");
        if (settings["merchant_ids"] is not JsonArray { Count: > 0 } list)
            throw OmnimanException.Invalid("config.marketplace.merchant_ids", "'merchant_ids' is a list of at least one merchant id.");
        var merchants = list.Select(m => Text(m, "config.marketplace.merchant_ids", InboxEvent.MaxOrderIdLength)
            ?? throw OmnimanException.Invalid("config.marketplace.merchant_ids", "A merchant id cannot be null.")).ToArray();
        var cancellationCode = Text(settings["cancellation_code"], "config.marketplace.cancellation_code", 64);
        return new(provider, merchants, Flag(settings["auto_confirm"], "config.marketplace.auto_confirm", false),
            Flag(settings["polling"], "config.marketplace.polling", true), cancellationCode, ParseActions(settings["actions"], config));
    }

    private static Dictionary<string, string> ParseActions(JsonNode? node, ChannelConfig config)
    {
        const string field = "config.marketplace.actions";
        if (node is null)
        {
            // The defaults for the statuses this channel's flow has.
            return MarketplaceActions.ByStatus.Where(a => config.OrderFlow.Statuses.Contains(a.Key, StringComparer.Ordinal))
                .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        }
        if (node is not JsonObject map) throw OmnimanException.Invalid(field, "'actions' maps a status of the flow to an action.");
        var actions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (status, value) in map)
        {
            if (!config.OrderFlow.Statuses.Contains(status, StringComparer.Ordinal))
                throw OmnimanException.Invalid(field, $"Status '{status}' is not part of the channel's order flow.");
            var action = Text(value, field, 32);
            // A cancellation is asked for, never sent because the order moved: the marketplace may refuse it.
            if (action is null || action == MarketplaceActions.Cancel || !MarketplaceActions.All.Contains(action))
                throw OmnimanException.Invalid(field, $"'{action}' is not an action; use {string.Join(", ", MarketplaceActions.ByStatus.Values)}.");
            actions[status] = action;
        }
        return actions;
    }

    private static string? Text(JsonNode? node, string field, int maxLength) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            && text.Length <= maxLength => text,
        _ => throw OmnimanException.Invalid(field, $"'{field}' is a non-empty text of at most {maxLength} characters."),
    };

    private static bool Flag(JsonNode? node, string field, bool fallback) => node switch
    {
        null => fallback,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => throw OmnimanException.Invalid(field, $"'{field}' is true or false."),
    };
}
