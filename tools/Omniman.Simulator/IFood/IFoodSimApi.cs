using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Omniman.Simulator.IFood;

/// <summary>The merchant API's endpoints, once the caller's token is checked.</summary>
internal static class IFoodSimApi
{
    private static readonly Dictionary<string, string?> ActionEvents = new(StringComparer.Ordinal)
    {
        ["confirm"] = "CFM",
        ["startPreparation"] = null,
        ["readyToPickup"] = "RTP",
        ["dispatch"] = "DSP",
    };

    public static async Task HandleAsync(IFoodSimulator sim, HttpContext http, string path)
    {
        var method = http.Request.Method;
        // The Events module's prefix, and the Order module's that older clients use for the same endpoints.
        if (path is "/events/v1.0/events:polling" or "/order/v1.0/events:polling" && HttpMethods.IsGet(method))
        {
            var events = sim.Poll();
            if (events.Count == 0) http.Response.StatusCode = 204;
            else await http.Response.WriteAsJsonAsync(events);
            return;
        }
        if (path is "/events/v1.0/events/acknowledgment" or "/order/v1.0/events/acknowledgment" && HttpMethods.IsPost(method))
        {
            var body = await http.Request.ReadFromJsonAsync<JsonArray>() ?? [];
            sim.Acknowledge(body.Select(n => n?["id"]?.GetValue<string>()).OfType<string>());
            http.Response.StatusCode = 202;
            return;
        }
        const string orders = "/order/v1.0/orders/";
        if (!path.StartsWith(orders, StringComparison.Ordinal))
        {
            http.Response.StatusCode = 404;
            return;
        }
        var rest = path[orders.Length..].Split('/');
        var orderId = Uri.UnescapeDataString(rest[0]);
        if (!sim.HasOrder(orderId))
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "OrderNotFound", message = "order not found" } });
            return;
        }
        var action = rest.Length > 1 ? rest[1] : null;
        switch (action)
        {
            case null when HttpMethods.IsGet(method):
                await http.Response.WriteAsJsonAsync(sim.Order(orderId));
                return;
            case "cancellationReasons" when HttpMethods.IsGet(method):
                await http.Response.WriteAsJsonAsync(new JsonArray(
                    new JsonObject { ["cancellationCode"] = "501", ["description"] = "Problemas de sistema" },
                    new JsonObject { ["cancellationCode"] = "503", ["description"] = "Item indisponível" }));
                return;
            case "requestCancellation" when HttpMethods.IsPost(method):
                var body = await http.Request.ReadFromJsonAsync<JsonObject>();
                if (body?["cancellationCode"] is null)
                {
                    http.Response.StatusCode = 400;
                    await http.Response.WriteAsJsonAsync(new { error = new { code = "InvalidParameter", message = "cancellationCode is required" } });
                    return;
                }
                sim.Record(new IFoodSimAction(orderId, action, body));
                http.Response.StatusCode = 202;
                // 202 is not the cancellation: the event that follows is.
                sim.Emit(orderId, sim.RefuseCancellations ? "CARF" : "CAN");
                return;
            case not null when ActionEvents.TryGetValue(action, out var code) && HttpMethods.IsPost(method):
                sim.Record(new IFoodSimAction(orderId, action, null));
                http.Response.StatusCode = 202;
                if (code is not null) sim.Emit(orderId, code);
                return;
            default:
                http.Response.StatusCode = 404;
                return;
        }
    }
}
