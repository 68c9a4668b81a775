using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;

namespace Omniman.Payments;

/// <summary>
/// A channel's <c>payment</c> config key (docs/payments.md): which backend takes its payments
/// (default <c>mock</c>) and the status at which they are captured (default: at commit).
/// </summary>
public sealed record PaymentSettings(string Backend, string? CaptureOn)
{
    public const string ConfigKey = "payment";
    public const string CheckCode = "payment";
    public const string DefaultBackend = "mock";
    private static readonly string[] Keys = ["backend", "capture_on"];

    /// <summary>Whether the channel takes payments: its commits require the <c>payment</c> check.</summary>
    public static bool Takes(Channel channel) => channel.Settings.RequiredChecksOnCommit.Contains(CheckCode);

    public static PaymentSettings Of(Channel channel) => Parse(channel.Config[ConfigKey], channel.Settings);

    /// <summary>Parses and validates; a problem is a 400 naming the key.</summary>
    public static PaymentSettings Parse(JsonNode? node, ChannelConfig config)
    {
        if (node is null) return new(DefaultBackend, null);
        if (node is not JsonObject settings) throw OmnimanException.Invalid("config.payment", "'payment' must be an object.");
        UnknownFields.Ensure(settings, Keys, "config.payment");
        var backend = Name(settings["backend"], "config.payment.backend") ?? DefaultBackend;
        var captureOn = Name(settings["capture_on"], "config.payment.capture_on");
        if (captureOn is not null && !config.OrderFlow.Statuses.Contains(captureOn, StringComparer.Ordinal))
            throw OmnimanException.Invalid("config.payment.capture_on", $"Status '{captureOn}' is not part of the channel's order flow.");
        return new(backend, captureOn);
    }

    private static string? Name(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 and <= 32 } text => text,
        _ => throw OmnimanException.Invalid(field, $"'{field}' is a non-empty name of at most 32 characters."),
    };
}
