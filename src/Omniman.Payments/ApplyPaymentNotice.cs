using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>What became of a gateway notice.</summary>
public enum NoticeOutcome
{
    /// <summary>Applied: the payment moved forward, or the notice said nothing new.</summary>
    Applied,
    /// <summary>Its event id was applied before: a redelivery, changing nothing.</summary>
    Duplicate,
    /// <summary>About a payment Omniman did not make: recorded, nothing else.</summary>
    UnknownPayment,
}

/// <summary>
/// Applies a verified gateway notice once (docs/payments.md): its event id is stored with the change,
/// so a redelivery finds it and changes nothing; the payment only moves forward, so a late notice
/// (an authorization reported after the capture) changes nothing either.
/// </summary>
public sealed class ApplyPaymentNotice(OmnimanDb db, IDatabaseDialect dialect, PaymentSteps steps, TimeProvider clock)
{
    public async Task<NoticeOutcome> ExecuteAsync(string backend, GatewayNotice notice, CancellationToken ct)
    {
        if (await db.Set<PaymentNotice>().AnyAsync(n => n.EventId == notice.EventId, ct)) return NoticeOutcome.Duplicate;
        var paymentId = await db.Set<Payment>().Where(p => p.Backend == backend && p.TransactionId == notice.TransactionId)
            .Select(p => p.Id).FirstOrDefaultAsync(ct);
        try
        {
            await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
            db.Add(PaymentNotice.Of(backend, notice, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            if (paymentId is null)
            {
                await tx.CommitAsync(ct);
                return NoticeOutcome.UnknownPayment;
            }
            if (notice.Payment is { } answer) await steps.ApplyAsync(paymentId, answer, ct);
            if (notice.RefundedQ is { } refundedQ)
            {
                var payment = await steps.LockAsync(paymentId, ct);
                payment.Refunded(refundedQ, clock.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return NoticeOutcome.Applied;
        }
        catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
        {
            return NoticeOutcome.Duplicate;   // a concurrent delivery of the same event stored it first
        }
    }
}
