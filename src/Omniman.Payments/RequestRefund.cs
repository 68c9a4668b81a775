using Microsoft.EntityFrameworkCore;
using System.Text.Json.Nodes;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>
/// Asks for a refund of an order (docs/payments.md): at most what its payments captured, less the
/// refunds already asked, spread over its payments oldest first. Asked refunds count at once, under
/// the order's row lock, so two concurrent requests cannot refund more than was captured; each is
/// made at the gateway by its own <c>payment.refund</c> directive, queued in the same transaction.
/// </summary>
public sealed class RequestRefund(OmnimanDb db, IDatabaseDialect dialect, AppendOrderEvent events, TimeProvider clock)
{
    public async Task<IReadOnlyList<PaymentRefund>> ExecuteAsync(string orderRef, long? amountQ, string? reason, string? actor, CancellationToken ct)
    {
        if (amountQ is null) throw OmnimanException.MissingField("amount_q");
        if (amountQ <= 0) throw OmnimanException.Invalid("amount_q", "'amount_q' is a positive amount in minor units.");
        if (string.IsNullOrWhiteSpace(reason)) throw OmnimanException.MissingField("reason");
        Text.EnsureAtMost("reason", reason, PaymentRefund.MaxReasonLength);
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var order = await dialect.LockOrderAsync(db, orderRef, ct) ?? throw OmnimanException.NotFound("Order", orderRef);
        var refunds = await AskAsync(order, amountQ.Value, reason, actor, exact: true, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return refunds;
    }

    /// <summary>For a cancelled order: refunds whatever was captured and not yet refunded or asked, if anything.</summary>
    public async Task RefundWhatIsLeftAsync(string orderRef, string reason, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var order = await dialect.LockOrderAsync(db, orderRef, ct) ?? throw OmnimanException.NotFound("Order", orderRef);
        await AskAsync(order, long.MaxValue, reason, PaymentSteps.Actor, exact: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<List<PaymentRefund>> AskAsync(Order order, long amountQ, string reason, string? actor, bool exact, CancellationToken ct)
    {
        var payments = await db.Set<Payment>().Where(p => p.OrderRef == order.Ref && p.CapturedQ > 0)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        var ids = payments.Select(p => p.Id).ToList();
        var ours = await db.Set<PaymentRefund>().Where(r => ids.Contains(r.PaymentId) && r.Status != RefundStatuses.Failed)
            .Select(r => new { r.PaymentId, r.AmountQ, r.Status }).ToListAsync(ct);
        long Refundable(Payment p) => p.Refundable(
            ours.Where(r => r.PaymentId == p.Id).Sum(r => r.AmountQ),
            ours.Where(r => r.PaymentId == p.Id && r.Status == RefundStatuses.Succeeded).Sum(r => r.AmountQ));
        var refundableQ = payments.Sum(Refundable);
        if (exact && amountQ > refundableQ)
            throw new OmnimanException("refund_exceeds_captured", $"At most {refundableQ} can be refunded on order {order.Ref}.",
                new { order_ref = order.Ref, amount_q = amountQ, refundable_q = refundableQ });
        var now = clock.GetUtcNow().UtcDateTime;
        var refunds = new List<PaymentRefund>();
        var leftQ = Math.Min(amountQ, refundableQ);
        foreach (var payment in payments)
        {
            var partQ = Math.Min(leftQ, Refundable(payment));
            if (partQ <= 0) continue;
            var refund = PaymentRefund.Ask(payment, partQ, reason, now);
            db.Add(refund);
            db.Add(PaymentDirectives.RefundOf(refund, now));
            refunds.Add(refund);
            leftQ -= partQ;
        }
        if (refunds.Count > 0)
            await events.StageAsync(order, "payment.refund_requested", new JsonObject
            {
                ["amount_q"] = refunds.Sum(r => r.AmountQ),
                ["reason"] = reason,
                ["refunds"] = new JsonArray([.. refunds.Select(r => (JsonNode)new JsonObject { ["refund_id"] = r.Id, ["payment_id"] = r.PaymentId, ["amount_q"] = r.AmountQ })]),
            }, actor, ct);
        return refunds;
    }
}
