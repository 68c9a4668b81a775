using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Omniman.Simulator.IFood;

/// <summary>
/// The simulator's own control surface, <c>/_simulator/ifood/…</c>, for people and scripts: place orders, move
/// them on iFood's side, expire tokens, inject faults, and see what arrived.
/// </summary>
internal static class IFoodSimControl
{
    public static async Task HandleAsync(IFoodSimulator sim, HttpContext http, string path)
    {
        var post = HttpMethods.IsPost(http.Request.Method);
        var body = post && http.Request.ContentLength is > 0 ? await http.Request.ReadFromJsonAsync<JsonObject>() : null;
        switch (path)
        {
            case "/orders" when post:
                var merchant = body?["merchant_id"]?.GetValue<string>() ?? IFoodSimulator.DefaultMerchantId;
                var id = sim.PlaceOrder(merchant);
                await http.Response.WriteAsJsonAsync(new { order_id = id, display_id = sim.Order(id)!["displayId"]!.GetValue<string>() });
                return;
            case "/burst" when post:
                if (sim.WebhookUrl is null)
                {
                    http.Response.StatusCode = 400;
                    await http.Response.WriteAsJsonAsync(new { error = "a burst sends webhooks: start the simulator with --webhook" });
                    return;
                }
                var burst = await IFoodSimBurst.RunAsync(sim, body?["orders"]?.GetValue<int>() ?? 1000, body?["per_second"]?.GetValue<double>() ?? 200,
                    body?["merchant_id"]?.GetValue<string>() ?? IFoodSimulator.DefaultMerchantId, http.RequestAborted);
                await http.Response.WriteAsJsonAsync(burst);
                return;
            case "/tokens/expire" when post:
                sim.ExpireTokens();
                http.Response.StatusCode = 204;
                return;
            case "/faults" when post:
                sim.Fail(body?["path"]?.GetValue<string>() ?? "/", body?["status"]?.GetValue<int>() ?? 500, body?["times"]?.GetValue<int>() ?? 1);
                http.Response.StatusCode = 204;
                return;
            case "/cancellations" when post:
                sim.RefuseCancellations = body?["refuse"]?.GetValue<bool>() ?? false;
                http.Response.StatusCode = 204;
                return;
            case "/state" when HttpMethods.IsGet(http.Request.Method):
                await http.Response.WriteAsJsonAsync(new
                {
                    pending = sim.Pending.Select(e => e.ToJson()),
                    acknowledged = sim.Acknowledged.Count,
                    actions = sim.Actions,
                    tokens_issued = sim.TokensIssued,
                });
                return;
        }
        if (path.StartsWith("/orders/", StringComparison.Ordinal) && path.EndsWith("/events", StringComparison.Ordinal) && post)
        {
            var orderId = path["/orders/".Length..^"/events".Length];
            var code = body?["code"]?.GetValue<string>();
            if (code is null || sim.Order(orderId) is null)
            {
                http.Response.StatusCode = 400;
                await http.Response.WriteAsJsonAsync(new { error = "an existing order and a code are needed" });
                return;
            }
            await http.Response.WriteAsJsonAsync(sim.Emit(orderId, code).ToJson());
            return;
        }
        http.Response.StatusCode = 404;
    }
}
