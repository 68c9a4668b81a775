namespace Omniman.Load;

/// <summary>What one run does: which flow, how hard, against which server.</summary>
internal sealed record LoadOptions(Uri Url, string Key, string Flow, int Clients, TimeSpan Duration, TimeSpan Warmup, int Skus, string SkuPrefix, long Stock, int? ServerPid, string? JsonPath,
    IReadOnlySet<string> Reads, string WebhookReceiver, TimeSpan SlowReceiverDelay);
