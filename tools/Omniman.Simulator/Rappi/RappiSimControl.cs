using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Omniman.Simulator.Rappi;

/// <summary>
/// The simulator's own control surface, <c>/_simulator/rappi/…</c>, for people and scripts: place and cancel orders,
/// ping the webhook, expire tokens, inject faults, and see what arrived.
/// </summary>
internal static class RappiSimControl
{
    public static async Task HandleAsync(RappiSimulator sim, HttpContext http, string path)
    {
        var post = HttpMethods.IsPost(http.Request.Method);
        var body = post && http.Request.ContentLength is > 0 ? await http.Request.ReadFromJsonAsync<JsonObject>() : null;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (parts)
        {
            case ["orders"] when post:
                var id = sim.PlaceOrder(body?["store_id"]?.GetValue<string>() ?? RappiSimulator.DefaultStoreId);
                await http.Response.WriteAsJsonAsync(new { order_id = id });
                return;
            case ["orders", var orderId, "cancel"] when post:
                using (var answer = await sim.CancelAsync(orderId, body?["event"]?.GetValue<string>() ?? "canceled_with_charge"))
                    http.Response.StatusCode = sim.State(orderId) is null ? 404 : 204;
                return;
            case ["ping"] when post:
                using (var answer = await sim.PingAsync())
                    await http.Response.WriteAsJsonAsync(new { webhook_status = (int)answer.StatusCode });
                return;
            case ["tokens", "expire"] when post:
                sim.ExpireTokens();
                http.Response.StatusCode = 204;
                return;
            case ["faults"] when post:
                sim.Fail(body?["path"]?.GetValue<string>() ?? "/", body?["status"]?.GetValue<int>() ?? 500, body?["times"]?.GetValue<int>() ?? 1);
                http.Response.StatusCode = 204;
                return;
            case ["state"] when HttpMethods.IsGet(http.Request.Method):
                await http.Response.WriteAsJsonAsync(new
                {
                    actions = sim.Actions,
                    tokens_issued = sim.TokensIssued,
                    unauthorized = sim.Unauthorized,
                });
                return;
            default:
                http.Response.StatusCode = 404;
                return;
        }
    }
}
