using System.Text.Json.Nodes;
using Omniman.Channels;

namespace Omniman.Payments;

/// <summary>Validates a channel's <c>payment</c> key when the channel is saved.</summary>
internal sealed class PaymentConfigSection : IChannelConfigSection
{
    public string Key => PaymentSettings.ConfigKey;

    public void Validate(JsonNode? value, ChannelConfig config) => PaymentSettings.Parse(value, config);
}
