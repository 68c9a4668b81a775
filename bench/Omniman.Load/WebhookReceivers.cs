using System.Text.Json.Nodes;

namespace Omniman.Load;

/// <summary>
/// The receivers <c>--webhook-receiver</c> asks for, each subscribed to the run's checkout channel:
/// none; one fast; or one slow beside one fast, to see whether the slow one holds up the other's
/// deliveries and the stock checks (docs/webhooks.md, "Each receiver on its own").
/// </summary>
internal sealed class WebhookReceivers : IAsyncDisposable
{
    private readonly List<(WebhookReceiver Receiver, string Subscription)> _subscribed = [];
    private Flows? _flows;

    public static async Task<WebhookReceivers> StartAsync(LoadOptions options, Flows flows, Recorder recorder, CancellationToken ct)
    {
        var receivers = new WebhookReceivers { _flows = flows };
        var wanted = options.WebhookReceiver switch
        {
            "fast" => [new WebhookReceiver("fast", TimeSpan.Zero, recorder)],
            "slow" => new[] { new WebhookReceiver("slow", options.SlowReceiverDelay, recorder), new WebhookReceiver("fast", TimeSpan.Zero, recorder) },
            _ => [],
        };
        foreach (var receiver in wanted)
        {
            await receiver.StartAsync(ct);
            receivers._subscribed.Add((receiver, await flows.SubscribeAsync(receiver.Url, ct)));
        }
        return receivers;
    }

    /// <summary>Per receiver: deliveries received so far against the orders committed so far (one event each).</summary>
    public JsonObject? Tally(long orders) => _subscribed.Count == 0
        ? null
        : new JsonObject(_subscribed.Select(s => KeyValuePair.Create(s.Receiver.Name,
            (JsonNode?)new JsonObject { ["received"] = s.Receiver.Received, ["orders"] = orders })));

    /// <summary>Ends the subscriptions, so the server skips what is still pending for them.</summary>
    public async Task UnsubscribeAsync(CancellationToken ct)
    {
        foreach (var (_, subscription) in _subscribed) await _flows!.UnsubscribeAsync(subscription, ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (receiver, _) in _subscribed) await receiver.DisposeAsync();
    }
}
