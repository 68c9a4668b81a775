using Microsoft.Extensions.Options;
using Omniman.Housekeeping;
using Omniman.Persistence;

namespace Omniman.Webhooks;

/// <summary>Deletes the delivery log's entries that ended (delivered, failed or skipped) longer ago than the retention.</summary>
public sealed class PurgeWebhookDeliveries(OmnimanDb db, TimeProvider clock, IOptions<RetentionOptions> options) : IHousekeepingJob
{
    public string Name => "purge-webhook-deliveries";

    public Task<int> RunAsync(CancellationToken ct) => BatchedDelete.PastRetentionAsync(
        cutoff => db.Set<WebhookDelivery>().Where(d => d.Status != DeliveryStatuses.Pending && d.UpdatedAt < cutoff), d => d.Id, clock, options.Value, ct);
}
