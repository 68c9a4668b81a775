using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Payments;

/// <summary>A payment authorized for a session, with what the shop's front end needs to finish it.</summary>
public sealed record AuthorizedPayment(Payment Payment, string? ClientSecret);

/// <summary>
/// Authorizes a payment for what a session's total still lacks (docs/payments.md), and writes the
/// session's <c>payment</c> check at once. The gateway is called outside any transaction; its answer
/// is stored under the session's lock. A repeated request is the same gateway call (same idempotency
/// key) and finds the payment the first one stored.
/// </summary>
public sealed class AuthorizeSessionPayment(OmnimanDb db, IDatabaseDialect dialect, ChannelDirectory channels, PaymentBackends backends,
    PaymentSteps steps, TimeProvider clock, IOptions<OmnimanOptions> options)
{
    public async Task<AuthorizedPayment> ExecuteAsync(SessionRef at, string? backendName, string? method, CancellationToken ct)
    {
        Text.EnsureAtMost("method", method, 255);
        var session = await at.LoadAsync(db, ct);
        session.EnsureOpen();
        var channel = await channels.GetAsync(db, session.ChannelCode, ct);
        var backend = backends.Get(backendName ?? PaymentSettings.Of(channel).Backend);
        var currency = channel.Settings.Currency ?? options.Value.Currency;
        var authorizedQ = await db.OfSession(session.ChannelCode, session.SessionKey).Where(p => p.Status == GatewayStatuses.Authorized).SumAsync(p => p.AmountQ, ct);
        var amountQ = session.TotalQ - authorizedQ;
        if (amountQ <= 0)
            throw new OmnimanException("payment_not_needed", "The session's total is already authorized.",
                new { total_q = session.TotalQ, authorized_q = authorizedQ });

        var answer = await Gateway.CallAsync(() => backend.AuthorizeAsync(
            new AuthorizeRequest(amountQ, currency, method, new Dictionary<string, string>
            {
                ["channel_code"] = session.ChannelCode,
                ["session_key"] = session.SessionKey,
                ["rev"] = session.Rev.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            GatewayKeys.Authorize(backend.Name, session.ChannelCode, session.SessionKey, session.Rev, amountQ, method), ct));

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new(await StoreAsync(at with { ChannelCode = session.ChannelCode }, backend.Name, answer, session.Rev, currency, ct),
                    answer.ClientSecret);
            }
            catch (DbUpdateException ex) when (attempt == 0 && dialect.IsUniqueViolation(ex))
            {
                // A concurrent repeat of this request stored the same gateway payment first: read it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Payment> StoreAsync(SessionRef at, string backend, GatewayPayment answer, int rev, string currency, CancellationToken ct)
    {
        await using var tx = await OperationTransaction.BeginOrJoinAsync(db.Database, ct);
        var session = await at.LockAsync(db, dialect, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var payment = await db.Set<Payment>().FirstOrDefaultAsync(p => p.Backend == backend && p.TransactionId == answer.TransactionId, ct);
        if (payment is null)
        {
            payment = Payment.From(answer, backend, session.ChannelCode, session.SessionKey, rev, currency, now);
            db.Add(payment);
        }
        else
        {
            payment.Apply(answer, now);
        }
        await db.SaveChangesAsync(ct);
        var channel = await channels.GetAsync(db, session.ChannelCode, ct);
        if (session.IsOpen && PaymentSettings.Takes(channel))
            await steps.WriteCheckAsync(session, ct);
        await tx.CommitAsync(ct);
        return payment;
    }
}
