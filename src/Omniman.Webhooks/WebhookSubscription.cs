using System.Security.Cryptography;
using Omniman.Common;

namespace Omniman.Webhooks;

/// <summary>
/// A receiver of Omniman's events (docs/webhooks.md): where to post, which events, which channels.
/// Its secret signs every delivery; it is stored as it is, since signing needs it, and shown once.
/// A subscription whose deliveries keep failing for <see cref="WebhookOptions.PauseAfterHours"/> is
/// paused, with the reason.
/// </summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;

    private WebhookSubscription() { }

    public string Id { get; private set; } = "";
    public string Url { get; private set; } = "";
    public List<string> Events { get; private set; } = [];
    /// <summary>The channels whose events it receives; null for all.</summary>
    public List<string>? Channels { get; private set; }
    public string? Description { get; private set; }
    public string Secret { get; private set; } = "";
    public string Status { get; private set; } = SubscriptionStatuses.Active;
    public string? PausedReason { get; private set; }
    /// <summary>When the run of failed deliveries that is still going on began; null after a success.</summary>
    public DateTime? FailingSince { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static WebhookSubscription Create(Uri url, IReadOnlyList<string> events, IReadOnlyList<string>? channels, string? description,
        DateTime nowUtc) => new()
    {
        Id = "WHS-" + RandomCodes.Next(12),
        Url = url.ToString(),
        Events = [.. events],
        Channels = channels is null ? null : [.. channels],
        Description = description,
        Secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
    };

    public bool IsActive => Status == SubscriptionStatuses.Active;

    public bool Wants(string eventType, string? channelCode) =>
        IsActive && Events.Contains(eventType) && (Channels is null || (channelCode is not null && Channels.Contains(channelCode)));

    public void Pause(string reason, DateTime nowUtc)
    {
        Status = SubscriptionStatuses.Paused;
        PausedReason = reason;
        UpdatedAt = nowUtc;
    }

    public void Resume(DateTime nowUtc)
    {
        Status = SubscriptionStatuses.Active;
        PausedReason = null;
        FailingSince = null;
        UpdatedAt = nowUtc;
    }

    public void Delivered(DateTime nowUtc)
    {
        if (FailingSince is null) return;
        FailingSince = null;
        UpdatedAt = nowUtc;
    }

    /// <summary>Counts a failed delivery; true when the failures have gone on long enough to pause it.</summary>
    public bool Failed(DateTime nowUtc, TimeSpan pauseAfter)
    {
        FailingSince ??= nowUtc;
        UpdatedAt = nowUtc;
        return nowUtc - FailingSince.Value >= pauseAfter;
    }
}

public static class SubscriptionStatuses
{
    public const string Active = "active";
    public const string Paused = "paused";
}
