using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions.Ops;
using Omniman.Telemetry;

namespace Omniman.Sessions;

/// <summary>
/// The modify pipeline (docs/concepts.md, Modify and ops): read the session (guarded by its rev and state, or locked after
/// a lost race), check state, policy and rev, apply the ops atomically, run modifiers and
/// validators, bump the rev, and enqueue one directive per required check, all in one transaction.
/// </summary>
public sealed class ModifySession(OmnimanDb db, ChannelDirectory channels, IDatabaseDialect dialect, ModifyPipeline pipeline,
    TimeProvider clock, IEnumerable<IPricingBackend> pricingBackends)
{
    public Task<Session> ExecuteAsync(SessionRef at, IReadOnlyList<SessionOp> ops, int? expectedRev, ModifyActor actor, CancellationToken ct) =>
        OmnimanTelemetry.TimeAsync(OmnimanTelemetry.ModifyDuration, () => ModifyAsync(at, ops, expectedRev, actor, ct));

    private async Task<Session> ModifyAsync(SessionRef at, IReadOnlyList<SessionOp> ops, int? expectedRev, ModifyActor actor, CancellationToken ct)
    {
        // First without a lock: the update checks the rev and state it read, and the save is its
        // own transaction, one round trip fewer. Whoever loses a race runs again under the row
        // lock, so a busy session still serves its writers in turn.
        try
        {
            var unlocked = await at.LoadAsync(db, ct);
            await ApplyAsync(unlocked, await channels.GetAsync(db, unlocked.ChannelCode, ct), ops, expectedRev, actor, ct);
            await db.SaveChangesAsync(ct);
            return unlocked;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await at.LockAsync(db, dialect, ct);
        await ApplyAsync(session, await channels.GetAsync(db, session.ChannelCode, ct), ops, expectedRev, actor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }

    /// <summary>Applies ops to a locked session and adds the check directives; the caller saves.</summary>
    internal async Task ApplyAsync(Session session, Channel channel, IReadOnlyList<SessionOp> ops, int? expectedRev, ModifyActor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var inputs = new PricingInputs(await QuoteAsync(session, ops, ct), await PromotionsAsync(session, ops, ct), actor, now);
        session.Modify(ops, expectedRev, pipeline, inputs);
        db.Directives.AddRange(CheckDirectives.For(session, channel.Settings, now));
    }

    // Backend prices are I/O, so they are fetched here, before the pure pipeline runs. Every
    // policy asks, for the catalog's name; only backend-priced policies take the price.
    private async Task<Dictionary<string, PriceQuote>> QuoteAsync(Session session, IReadOnlyList<SessionOp> ops, CancellationToken ct)
    {
        var quotes = new Dictionary<string, PriceQuote>(StringComparer.Ordinal);
        foreach (var op in ops)
        {
            if (op.PricedSku is not { } sku || quotes.ContainsKey(sku)) continue;
            var quote = PriceQuote.None();
            foreach (var backend in pricingBackends)
            {
                quote = await backend.GetPriceAsync(sku, session.ChannelCode, (op as AddLineOp)?.Qty ?? 1, session.Data, ct);
                if (quote.Status == PriceQuoteStatus.Found) break;
            }
            quotes[sku] = quote;
        }
        return quotes;
    }

    /// <summary>The promotions this request can end up naming: the session's coupon and any a set_data op writes.</summary>
    private async Task<Dictionary<string, PromotionTerms>> PromotionsAsync(Session session, IReadOnlyList<SessionOp> ops, CancellationToken ct)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (DiscountModifier.CouponCode(session.Data) is { } current) codes.Add(current);
        foreach (var op in ops.OfType<SetDataOp>().Where(o => o.Path[0] == "coupon"))
        {
            var written = op.Path.Count == 1 ? (op.Value as JsonObject)?["code"] : op.Path.Count == 2 && op.Path[1] == "code" ? op.Value : null;
            if (DiscountModifier.Text(written) is { } code) codes.Add(code);
        }
        if (codes.Count == 0) return [];
        var promotions = await db.Promotions.AsNoTracking().Where(p => codes.Contains(p.Code)).ToListAsync(ct);
        return promotions.ToDictionary(p => p.Code, p => p.Terms(), StringComparer.Ordinal);
    }
}
