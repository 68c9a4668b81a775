using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Directives;

namespace Omniman.Webhooks.Email;

/// <summary>
/// One rule of a channel's <c>notifications.email</c> (docs/webhooks.md, Email): which events, to
/// whom, and the subject and text, whose <c>{field}</c> placeholders take the event's data
/// (<c>{order_ref}</c>, <c>{status}</c>, <c>{total_q}</c>, …) and <c>{event}</c> its type.
/// </summary>
public sealed partial record EmailRule(IReadOnlyList<string> Events, IReadOnlyList<string> To, string Subject, string Text)
{
    public const string SendTopic = "email.send";
    public const string DefaultSubject = "{event}: order {order_ref}";
    public const string DefaultText = "Order {order_ref} on {channel_code}: {event}. Status: {status}. Total: {total_q} {currency}.";

    public Directive Message(WebhookEvent webhookEvent, JsonObject data, DateTime atUtc, string correlation) =>
        Directive.Create(SendTopic, new JsonObject
        {
            ["event_id"] = webhookEvent.Id,
            ["to"] = new JsonArray([.. To.Select(t => (JsonNode)t)]),
            ["subject"] = Fill(Subject, webhookEvent.Type, data),
            ["text"] = Fill(Text, webhookEvent.Type, data),
        }, atUtc, correlation);

    private static string Fill(string template, string type, JsonObject data) => Placeholder().Replace(template, m =>
    {
        var name = m.Groups[1].Value;
        if (name == "event") return type;
        return data[name] is JsonValue value ? value.ToString() : "";
    });

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>Reads and validates a channel's <c>notifications</c> key.</summary>
public static class EmailRules
{
    public const string ConfigKey = "notifications";
    private static readonly string[] Keys = ["email"];
    private static readonly string[] RuleKeys = ["events", "to", "subject", "text"];

    public static IReadOnlyList<EmailRule> Of(Channel channel) =>
        channel.Config[ConfigKey] is null ? [] : Parse(channel.Config[ConfigKey]);

    public static IReadOnlyList<EmailRule> Parse(JsonNode? node)
    {
        if (node is null) return [];
        if (node is not JsonObject notifications) throw Bad("config.notifications", "'notifications' must be an object.");
        UnknownFields.Ensure(notifications, Keys, "config.notifications");
        if (notifications["email"] is null) return [];
        if (notifications["email"] is not JsonArray rules) throw Bad("config.notifications.email", "'email' is a list of rules.");
        return [.. rules.Select((rule, i) => ParseRule(rule, $"config.notifications.email[{i}]"))];
    }

    private static EmailRule ParseRule(JsonNode? node, string field)
    {
        if (node is not JsonObject rule) throw Bad(field, "An email rule is an object with 'events' and 'to'.");
        UnknownFields.Ensure(rule, RuleKeys, field);
        var events = Strings(rule["events"], $"{field}.events");
        foreach (var type in events)
        {
            if (!WebhookEventTypes.All.Contains(type))
                throw Bad($"{field}.events", $"Unknown event '{type}'; events are {string.Join(", ", WebhookEventTypes.All)}.");
        }
        var to = Strings(rule["to"], $"{field}.to");
        foreach (var address in to)
        {
            if (!MailAddress.TryCreate(address, out _)) throw Bad($"{field}.to", $"'{address}' is not an email address.");
        }
        return new(events, to, Text(rule["subject"], $"{field}.subject") ?? EmailRule.DefaultSubject,
            Text(rule["text"], $"{field}.text") ?? EmailRule.DefaultText);
    }

    private static List<string> Strings(JsonNode? node, string field) =>
        node is JsonArray list && list.Count > 0 && list.All(n => n?.GetValueKind() == JsonValueKind.String)
            ? [.. list.Select(n => n!.GetValue<string>())]
            : throw Bad(field, $"'{field}' is a non-empty list of strings.");

    private static string? Text(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length is > 0 and <= 2000 => value.GetValue<string>(),
        _ => throw Bad(field, $"'{field}' is a text of 1 to 2000 characters."),
    };

    private static OmnimanException Bad(string field, string message) => OmnimanException.Invalid(field, message);
}

/// <summary>Validates a channel's <c>notifications</c> key when the channel is saved.</summary>
internal sealed class NotificationsConfigSection : IChannelConfigSection
{
    public string Key => EmailRules.ConfigKey;

    public void Validate(JsonNode? value, ChannelConfig config) => EmailRules.Parse(value);
}
