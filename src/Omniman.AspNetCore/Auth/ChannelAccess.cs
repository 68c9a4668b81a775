using Microsoft.AspNetCore.Http;
using Omniman.Common;

namespace Omniman.AspNetCore.Auth;

/// <summary>
/// A key may be limited to some channels. It then cannot see or touch any other channel's
/// sessions or orders: lists leave them out, and naming one answers 404 as if it did not exist.
/// </summary>
internal static class ChannelAccess
{
    /// <summary>The channels this caller may use, or null for all.</summary>
    public static IReadOnlyCollection<string>? AllowedChannels(this HttpContext http)
    {
        var channels = http.User.FindAll(ApiKeyAuthenticationHandler.ChannelClaim).Select(c => c.Value).ToArray();
        return channels.Length == 0 ? null : channels;
    }

    public static bool MayUse(this HttpContext http, string channelCode) =>
        http.AllowedChannels() is not { } allowed || allowed.Contains(channelCode);

    /// <summary>Throws 404 for a resource of a channel this caller may not use.</summary>
    public static void EnsureVisible(this HttpContext http, string channelCode, string what, string id)
    {
        if (!http.MayUse(channelCode)) throw OmnimanException.NotFound(what, id);
    }

    /// <summary>Throws 403 when the caller names a channel it may not use to create something in it.</summary>
    public static void EnsureMayUse(this HttpContext http, string? channelCode)
    {
        if (channelCode is not null && !http.MayUse(channelCode))
            throw new OmnimanException("forbidden", $"This API key may not use channel '{channelCode}'.", new { channel_code = channelCode });
    }
}
