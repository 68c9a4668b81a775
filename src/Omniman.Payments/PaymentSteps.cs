using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Payments;

/// <summary>
/// Stores what the gateway answered to one step of an order's payment, under the order's row lock
/// (which serializes it with the other steps, refunds and gateway notices of the order), with the
/// order event that records it, in one transaction.
/// </summary>
public sealed class PaymentSteps(OmnimanDb db, IDatabaseDialect dialect, ChannelDirectory channels, AppendOrderEvent events,
    TransitionOrder transition, WriteCheckResult writeCheck, TimeProvider clock)
{
    public const string Actor = "payments";

    /// <summary>The payments of an order as stored now, oldest first.</summary>
    public Task<List<Payment>> OfOrderAsync(string orderRef, CancellationToken ct) =>
        db.Set<Payment>().AsNoTracking().Where(p => p.OrderRef == orderRef).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);

    /// <summary>
    /// Applies the gateway's answer to a payment and records the change as <c>payment.&lt;status&gt;</c>.
    /// When the answer settles the order's payment (captured, and nothing left authorized), the channel's
    /// <c>on_payment_confirm</c> auto-transition follows, in the same transaction. A payment not yet
    /// linked to an order (a customer finishing 3-D Secure) has its session's <c>payment</c> check
    /// written again instead.
    /// </summary>
    public async Task ApplyAsync(string paymentId, GatewayPayment answer, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var payment = await LockAsync(paymentId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = payment.Apply(answer, now);
        if (changed && payment.OrderRef is null) await RecheckSessionAsync(payment, ct);
        if (changed && payment.OrderRef is { } orderRef)
        {
            var order = await db.Orders.FirstAsync(o => o.Ref == orderRef, ct);
            await events.StageAsync(order, "payment." + payment.Status, Describe(payment), Actor, ct);
            await db.SaveChangesAsync(ct);
            if (payment.Status is GatewayStatuses.Captured or GatewayStatuses.Cancelled && await SettledAsync(orderRef, ct))
                await ConfirmAsync(order, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Stores a refund's outcome and the payment's refunded total, with <c>payment.refunded</c> or <c>payment.refund_failed</c>.</summary>
    public async Task RefundedAsync(string refundId, GatewayRefund? answer, string? error, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var paymentId = await db.Set<PaymentRefund>().Where(r => r.Id == refundId).Select(r => r.PaymentId).FirstAsync(ct);
        var payment = await LockAsync(paymentId, ct);
        var refund = await db.Set<PaymentRefund>().FirstAsync(r => r.Id == refundId, ct);
        if (refund.Status != RefundStatuses.Requested) return;   // a rerun after the outcome was stored
        var now = clock.GetUtcNow().UtcDateTime;
        if (answer is not null) refund.Succeeded(answer.RefundId, now);
        else refund.Failed(error ?? "refused", now);
        var refundedQ = await db.Set<PaymentRefund>().Where(r => r.PaymentId == payment.Id && r.Status == RefundStatuses.Succeeded && r.Id != refund.Id)
            .SumAsync(r => r.AmountQ, ct) + (answer is null ? 0 : refund.AmountQ);
        payment.Refunded(refundedQ, now);
        var order = await db.Orders.FirstAsync(o => o.Ref == refund.OrderRef, ct);
        var payload = Describe(payment);
        payload["refund_id"] = refund.Id;
        payload["amount_q"] = refund.AmountQ;
        payload["reason"] = refund.Reason;
        if (error is not null) payload["error"] = refund.Error;
        await events.StageAsync(order, answer is null ? "payment.refund_failed" : "payment.refunded", payload, Actor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Records a step the gateway refused for good, as <c>payment.&lt;step&gt;_failed</c>.</summary>
    public async Task FailedAsync(string paymentId, string step, string reason, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var payment = await LockAsync(paymentId, ct);
        if (payment.OrderRef is { } orderRef)
        {
            var payload = Describe(payment);
            payload["error"] = reason;
            await events.StageAsync(await db.Orders.FirstAsync(o => o.Ref == orderRef, ct), $"payment.{step}_failed", payload, Actor, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Locks the order the payment belongs to (or its session, before commit) and reads the payment
    /// under that lock, so the steps of one order's payments never overwrite each other.
    /// </summary>
    public async Task<Payment> LockAsync(string paymentId, CancellationToken ct)
    {
        var at = await db.Set<Payment>().AsNoTracking().Where(p => p.Id == paymentId)
            .Select(p => new { p.OrderRef, p.ChannelCode, p.SessionKey }).FirstOrDefaultAsync(ct)
            ?? throw OmnimanException.NotFound("Payment", paymentId);
        if (at.OrderRef is { } orderRef) await dialect.LockOrderAsync(db, orderRef, ct);
        else await dialect.LockSessionAsync(db, at.ChannelCode, at.SessionKey, ct);
        return await db.Set<Payment>().FirstAsync(p => p.Id == paymentId, ct);
    }

    /// <summary>
    /// Writes the session's <c>payment</c> check from its payments as stored now (docs/payments.md).
    /// The caller holds the session's lock and has saved its own change to the payments.
    /// </summary>
    public async Task WriteCheckAsync(Session session, CancellationToken ct) =>
        await writeCheck.WriteLockedAsync(session, PaymentCoverage.Of(session, await db.OfSession(session.ChannelCode, session.SessionKey).ToListAsync(ct)), ct);

    private async Task RecheckSessionAsync(Payment payment, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        // Locked by LockAsync: the payment is not linked, so its session's row is the one held.
        var session = await db.FindSessionAsync(payment.ChannelCode, payment.SessionKey, ct);
        if (session is null || !session.IsOpen || !PaymentSettings.Takes(await channels.GetAsync(db, session.ChannelCode, ct))) return;
        await WriteCheckAsync(session, ct);
    }

    /// <summary>
    /// Whether the order's payment is settled: something captured and nothing still authorized. The
    /// step that settles it may be a void (a spare authorization released after the capture took the
    /// total from an older one), so the capture alone cannot be the signal.
    /// </summary>
    private async Task<bool> SettledAsync(string orderRef, CancellationToken ct)
    {
        var statuses = await db.Set<Payment>().Where(p => p.OrderRef == orderRef).Select(p => p.Status).Distinct().ToListAsync(ct);
        return statuses.Contains(GatewayStatuses.Captured) && !statuses.Contains(GatewayStatuses.Authorized);
    }

    private async Task ConfirmAsync(Order order, CancellationToken ct)
    {
        var channel = await channels.GetAsync(db, order.ChannelCode, ct);
        if (!channel.Settings.OrderFlow.AutoTransitions.TryGetValue("on_payment_confirm", out var next)) return;
        try
        {
            await transition.ExecuteAsync(order.Ref, next, "system", "auto_transitions.on_payment_confirm", ct);
        }
        catch (OmnimanException ex) when (ex.Code is "invalid_transition" or "terminal_status")
        {
            // The order moved past that status already (an operator was quicker): nothing to do.
        }
    }

    public static System.Text.Json.Nodes.JsonObject Describe(Payment payment) => new()
    {
        ["payment_id"] = payment.Id,
        ["backend"] = payment.Backend,
        ["status"] = payment.Status,
        ["amount_q"] = payment.AmountQ,
        ["captured_q"] = payment.CapturedQ,
        ["refunded_q"] = payment.RefundedQ,
        ["transaction_id"] = payment.TransactionId,
    };
}
