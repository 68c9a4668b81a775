using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions;
using Omniman.Sessions.Ops;

namespace Omniman.Marketplaces;

/// <summary>
/// A new marketplace order becomes one order (docs/marketplaces.md, "New orders"): fetched, opened as a
/// session keyed by the marketplace's order id on the merchant's channel, filled as the integration
/// (locks do not stop it), and committed with the idempotency key <c>{provider}:{order id}</c>. Every step
/// finds what an earlier or concurrent run did, so duplicates and reruns end with the one order.
/// </summary>
internal sealed class ImportMarketplaceOrder(OmnimanDb db, MarketplaceChannels channels, OpenSession open, ModifySession modify,
    CommitSession commit, TimeProvider clock, IOptions<LimitOptions> limits)
{
    /// <summary>The session handle of a marketplace order; its ref is the marketplace's order id.</summary>
    public const string HandleType = "marketplace_order";

    /// <summary>The session data key that carries the marketplace's ids into the order.</summary>
    public const string DataKey = "marketplace";

    public async Task<DirectiveOutcome> ExecuteAsync(IMarketplaceAdapter adapter, InboxEvent placed, CancellationToken ct)
    {
        var provider = adapter.Provider;
        if (placed.OrderId is not { Length: > 0 } orderId) return DirectiveOutcome.Fail($"{provider} event {placed.EventId} names no order.");
        if (await db.Set<MarketplaceOrder>().AsNoTracking().AnyAsync(o => o.Provider == provider && o.OrderId == orderId, ct))
            return DirectiveOutcome.Done;
        if (placed.MerchantId is not { Length: > 0 } merchantId) return DirectiveOutcome.Fail($"{provider} order {orderId} names no merchant.");
        if (await channels.ForMerchantAsync(provider, merchantId, ct) is not var (channel, _))
            return DirectiveOutcome.Fail($"No active channel takes {provider} merchant {merchantId}'s orders (config.marketplace.merchant_ids).");

        var details = await adapter.FetchOrderAsync(orderId, placed.ToInbound(), ct);
        var at = new SessionRef(channel.Code, SessionKey(provider, orderId));
        Session? session;
        try
        {
            session = (await open.ExecuteAsync(new OpenSessionRequest(channel.Code, at.Key, HandleType, orderId), ct)).Session;
        }
        catch (OmnimanException ex) when (ex.Code == "session_exists")
        {
            // The key is taken by a session no longer open: committed by an earlier run, which the commit below replays.
            db.ChangeTracker.Clear();
            session = null;
        }
        if (session is { Rev: 0 })
        {
            try
            {
                await modify.ExecuteAsync(at, Ops(details, provider, merchantId, clock.GetUtcNow().UtcDateTime), 0, ModifyActor.Integration(provider), ct);
            }
            catch (OmnimanException ex) when (ex.Code == "stale_rev")
            {
                // A concurrent run filled the session first, from the same details.
                db.ChangeTracker.Clear();
            }
        }
        await commit.ExecuteAsync(at, $"{provider}:{orderId}", provider, ct);
        await RequeueWaitingEventsAsync(provider, orderId, placed.EventId, ct);
        return DirectiveOutcome.Done;
    }

    /// <summary>
    /// The order's other events that came before it was imported (out of order) wait unprocessed in the
    /// inbox: they run now. A status event that finds no order leaves itself unprocessed for this reason.
    /// </summary>
    private async Task RequeueWaitingEventsAsync(string provider, string orderId, string placedEventId, CancellationToken ct)
    {
        var waiting = await db.Set<InboxEvent>().AsNoTracking()
            .Where(e => e.Provider == provider && e.OrderId == orderId && e.ProcessedAt == null && e.EventId != placedEventId)
            .ToListAsync(ct);
        if (waiting.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var inbound in waiting) db.Add(MarketplaceDirectives.ForEvent(provider, inbound.ToInbound(), now));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The session key of a marketplace order: readable when the id fits a key, a digest of it otherwise.</summary>
    internal static string SessionKey(string provider, string orderId)
    {
        var key = $"{provider}-{orderId}";
        return key.Length <= Session.KeyMaxLength && !key.Any(c => c == '/' || char.IsControl(c))
            ? key
            : $"{provider}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId)))[..40]}";
    }

    private List<SessionOp> Ops(MarketplaceOrderDetails details, string provider, string merchantId, DateTime nowUtc)
    {
        var ops = new JsonArray();
        foreach (var line in details.Lines)
        {
            ops.Add(new JsonObject
            {
                ["op"] = "add_line",
                ["sku"] = line.Sku,
                ["qty"] = line.Qty,
                ["name"] = line.Name,
                ["unit_price_q"] = line.UnitPriceQ,
                ["meta"] = line.Meta?.DeepClone(),
            });
        }
        foreach (var (key, value) in details.Data) ops.Add(SetData(key, value?.DeepClone()));
        ops.Add(SetData("external_ref", details.OrderId));
        ops.Add(SetData(DataKey, new JsonObject
        {
            ["provider"] = provider,
            ["order_id"] = details.OrderId,
            ["merchant_id"] = merchantId,
            ["display_id"] = details.DisplayId,
            ["confirm_by"] = details.ConfirmByUtc?.ToString("O", CultureInfo.InvariantCulture),
            ["imported_at"] = nowUtc.ToString("O", CultureInfo.InvariantCulture),
        }));
        // A marketplace order is taken whole: every op is read under the usual limits except the count of ops
        // in one modify, which is what the order needs.
        return [.. ops.Select((op, index) => SessionOp.Parse(op, index, limits.Value))];
    }

    private static JsonObject SetData(string path, JsonNode? value) => new() { ["op"] = "set_data", ["path"] = path, ["value"] = value };
}
