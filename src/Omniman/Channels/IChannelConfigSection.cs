using System.Text.Json.Nodes;

namespace Omniman.Channels;

/// <summary>
/// A module's own key at the top of a channel's config (the payments module's <c>payment</c>),
/// validated when the channel is saved, so a mistake in it is a 400 naming the key rather than a
/// failure when an order needs it.
/// </summary>
public interface IChannelConfigSection
{
    string Key { get; }

    /// <summary>Throws a <c>validation_error</c> naming the field when <paramref name="value"/> (null when absent) is wrong.</summary>
    void Validate(JsonNode? value, ChannelConfig config);
}
