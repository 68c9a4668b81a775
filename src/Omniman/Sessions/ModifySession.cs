using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions.Ops;

namespace Omniman.Sessions;

/// <summary>
/// The modify pipeline (spec §3): lock, check state, policy and rev, apply the ops atomically,
/// run modifiers and validators, bump the rev, and enqueue one directive per required check, all
/// in one transaction.
/// </summary>
public sealed class ModifySession(OmnimanDb db, IDatabaseDialect dialect, ModifyPipeline pipeline,
    TimeProvider clock, IEnumerable<IPricingBackend> pricingBackends)
{
    public async Task<Session> ExecuteAsync(SessionRef at, IReadOnlyList<SessionOp> ops, int? expectedRev, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await at.LockAsync(db, dialect, ct);
        var channel = await db.ChannelAsync(session.ChannelCode, ct);
        await ApplyAsync(session, channel, ops, expectedRev, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }

    /// <summary>Applies ops to a locked session and adds the check directives; the caller saves.</summary>
    internal async Task ApplyAsync(Session session, Channel channel, IReadOnlyList<SessionOp> ops, int? expectedRev, CancellationToken ct)
    {
        var prices = await GatherPricesAsync(session, ops, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        session.Modify(ops, expectedRev, pipeline, prices, now);
        db.Directives.AddRange(CheckDirectives.For(session, channel.Settings, now));
    }

    // Backend prices are I/O, so they are fetched here, before the pure pipeline runs.
    private async Task<IReadOnlyDictionary<string, long>> GatherPricesAsync(Session session, IReadOnlyList<SessionOp> ops, CancellationToken ct)
    {
        var prices = new Dictionary<string, long>(StringComparer.Ordinal);
        if (session.PricingPolicy == PricingPolicies.Internal) return prices;
        var context = session.Data;
        foreach (var op in ops)
        {
            if (op.PricedSku is not { } sku || prices.ContainsKey(sku)) continue;
            foreach (var backend in pricingBackends)
            {
                if (await backend.GetPriceAsync(sku, session.ChannelCode, 1, (JsonObject)context.DeepClone(), ct) is { } price)
                {
                    prices[sku] = price;
                    break;
                }
            }
        }
        return prices;
    }
}
