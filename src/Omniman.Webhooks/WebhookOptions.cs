namespace Omniman.Webhooks;

/// <summary>Settings of <c>Omniman:Webhooks</c> (docs/webhooks.md).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Omniman:Webhooks";

    /// <summary>Lets subscriptions post to private, loopback and link-local addresses (a receiver on the same host or network).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>A subscription whose deliveries have failed without a success for this long is paused.</summary>
    public double PauseAfterHours { get; set; } = 24;

    /// <summary>How many deliveries of one subscription run at once in a process; the rest wait their turn without spending an attempt.</summary>
    public int MaxInFlightPerSubscription { get; set; } = 2;

    /// <summary>How long each process trusts its cached list of subscriptions; changes made on a process show there at once.</summary>
    public double CacheSeconds { get; set; } = 5;
}
