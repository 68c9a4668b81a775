using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omniman.Channels;
using Omniman.Persistence;

namespace Omniman.Server.Startup;

/// <summary>The channels a new database starts with, so the five-minute walk-through works at once.</summary>
internal static class DemoData
{
    public static async Task<bool> SeedIfEmptyAsync(OmnimanDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Channels.AnyAsync(ct)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Channels.AddRange(
            Channel.Create(new ChannelDefinition("pos", "Point of sale", PricingPolicies.Internal, EditPolicies.Open, 1, true,
                new JsonObject { ["terminology"] = new JsonObject { ["session"] = "Tab", ["order"] = "Order" }, ["icon"] = "point_of_sale" }), now),
            Channel.Create(new ChannelDefinition("shop", "Web shop", PricingPolicies.Internal, EditPolicies.Open, 2, true,
                new JsonObject { ["terminology"] = new JsonObject { ["session"] = "Basket", ["order"] = "Order" }, ["icon"] = "storefront" }), now),
            Channel.Create(new ChannelDefinition("ifood", "iFood", PricingPolicies.Internal, EditPolicies.Locked, 3, true, new JsonObject
            {
                // iFood's short codes and the full names its pages also use (docs/marketplaces.md, "Status mapping").
                ["status_mapping"] = new JsonObject
                {
                    ["PLC"] = "new", ["CFM"] = "confirmed", ["RTP"] = "ready", ["DSP"] = "dispatched", ["CON"] = "completed", ["CAN"] = "cancelled",
                    ["PLACED"] = "new", ["CONFIRMED"] = "confirmed", ["READY_TO_PICKUP"] = "ready", ["DISPATCHED"] = "dispatched",
                    ["CONCLUDED"] = "completed", ["CANCELLED"] = "cancelled",
                },
                // The simulator's merchant (tools/Omniman.Simulator); a real store puts its iFood merchant id here.
                ["marketplace"] = new JsonObject { ["provider"] = "ifood", ["merchant_ids"] = new JsonArray("simulated-merchant"), ["auto_confirm"] = false },
                ["terminology"] = new JsonObject { ["session"] = "Pedido", ["order"] = "Pedido" },
                ["icon"] = "delivery_dining",
            }), now));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
