using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Idempotency;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Telemetry;

namespace Omniman.Sessions;

/// <summary>
/// A commit's answer (docs/concepts.md, Commit). <see cref="Status"/> is the session's (<c>committed</c>), kept for the clients
/// that read it; <see cref="OrderStatus"/> is the new order's, as it was when committed (a replay
/// answers the same; read the order for where it is now).
/// </summary>
public sealed record CommitResponse(string OrderRef, long OrderId, string Status, string? OrderStatus, long TotalQ, int ItemsCount);

/// <summary>A commit's response and whether it is a replay of a stored one.</summary>
public sealed record CommitResult(CommitResponse Body, bool Replayed);

/// <summary>
/// Commits a session into an order (docs/concepts.md, Commit): claim the key, lock, check, then order, items,
/// event, session state, post-commit directives and the stored response in one transaction.
/// </summary>
public sealed class CommitSession(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, IdempotencyGuard guard, ModifyPipeline pipeline,
    OrderRefs refs, TimeProvider clock, IOptions<OmnimanOptions> options, IEnumerable<ISessionHook> hooks, OrderHooks orderHooks)
{
    public Task<CommitResult> ExecuteAsync(SessionRef at, string idempotencyKey, string? actor, CancellationToken ct) =>
        OmnimanTelemetry.TimeAsync(OmnimanTelemetry.CommitDuration, () => CommitOrReplayAsync(at, idempotencyKey, actor, ct));

    private async Task<CommitResult> CommitOrReplayAsync(SessionRef at, string idempotencyKey, string? actor, CancellationToken ct)
    {
        if (!Text.Fits(idempotencyKey, IdempotencyKeys.MaxLength))
            throw OmnimanException.Invalid("idempotency_key", $"An idempotency key has {Text.AtMost(IdempotencyKeys.MaxLength)}.");
        var channelCode = await at.ResolveChannelAsync(db, ct);
        var claim = await guard.ClaimAsync(channelCode, idempotencyKey, at.Key, ct);
        if (claim.Owned is not { } record) return new(Json.Deserialize<CommitResponse>(claim.ReplayBody!), true);
        try
        {
            return new(await CommitAsync(at with { ChannelCode = channelCode }, record, actor, ct), false);
        }
        catch
        {
            db.ChangeTracker.Clear();
            await guard.ReleaseAsync(record);
            throw;
        }
    }

    /// <summary>
    /// The order ref is drawn at random and left to its unique index, with no query to look for it
    /// first: a save that breaks a unique index rolls back and the commit runs again with a fresh
    /// ref. If it was this session's own index instead (committed meanwhile), the rerun finds the
    /// session committed and says so.
    /// </summary>
    private async Task<CommitResponse> CommitAsync(SessionRef at, IdempotencyRecord record, string? actor, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CommitOnceAsync(at, record, actor, ct);
            }
            catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
            {
                db.ChangeTracker.Clear();
                if (attempt == OrderRefs.MaxAttempts)
                    throw new OmnimanException("ref_exhausted", "Could not find a free order reference; widen OrderRefRandomLength.");
            }
        }
    }

    private async Task<CommitResponse> CommitOnceAsync(SessionRef at, IdempotencyRecord record, string? actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await at.LockAsync(db, dialect, ct);
        var channel = await channels.GetAsync(db, session.ChannelCode, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            session.EnsureCommittable(channel.Settings, pipeline, now);
        }
        catch (OmnimanException ex) when (ex.Context is Session.CheckExpired expired)
        {
            // The client retries once the fresh check has landed (FAQ: the check re-runs automatically).
            var check = channel.Settings.Check(expired.CheckCode);
            db.Directives.Add(CheckDirectives.For(session, check, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            throw;
        }

        var order = Order.FromSession(session, channel, refs.Next(now),
            channel.Settings.Currency ?? options.Value.Currency, actor, now);
        db.Orders.Add(order);
        session.MarkCommitted(now);
        foreach (var hook in hooks) await hook.OnCommittingAsync(session, order, ct);
        // Before the save, so what the hooks stage goes out with the order in one round trip.
        await orderHooks.PublishAsync(new OrderCreated(order, channel, session, channel.Settings.OrderFlow.InitialStatus, now), ct);
        await orderHooks.PublishMovesAsync(order, channel, ct);
        db.Directives.AddRange(CheckDirectives.PostCommit(order, session, channel.Settings, now));
        await db.SaveChangesAsync(ct);   // the order id is known from here on

        var response = new CommitResponse(order.Ref, order.Id, SessionStates.Committed, order.Status, order.TotalQ, order.Items.Count);
        db.Attach(record);
        record.Succeed(201, Json.Serialize(response));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);        // order, directives and stored response, atomically
        return response;
    }
}
