using Microsoft.Extensions.Options;
using Omniman.Housekeeping;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>
/// Deletes the event ids of gateway notices older than the retention: a gateway redelivers for days
/// (Stripe for up to three), not weeks, and the notice's effect is in the payment and the order's log.
/// </summary>
public sealed class PurgePaymentNotices(OmnimanDb db, TimeProvider clock, IOptions<RetentionOptions> options) : IHousekeepingJob
{
    public string Name => "purge-payment-notices";

    public Task<int> RunAsync(CancellationToken ct) => BatchedDelete.PastRetentionAsync(
        cutoff => db.Set<PaymentNotice>().Where(n => n.ReceivedAt < cutoff), n => n.EventId, clock, options.Value, ct);
}
