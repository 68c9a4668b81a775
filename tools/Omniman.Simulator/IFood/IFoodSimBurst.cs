using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Omniman.Simulator.IFood;

/// <summary>
/// A burst of new orders at a steady rate, each announced by its signed <c>PLC</c> webhook, timing every answer
/// (<c>POST /_simulator/ifood/burst</c>, used by bench/ifood-burst.sh): what iFood's 5 s deadline looks like from
/// iFood's side when a lunch rush arrives at once.
/// </summary>
internal static class IFoodSimBurst
{
    public static async Task<JsonObject> RunAsync(IFoodSimulator sim, int orders, double perSecond, string merchantId, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var sends = new List<Task<(int Status, double Ms)>>(orders);
        for (var i = 0; i < orders; i++)
        {
            var due = interval * i - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
            sends.Add(TimedAsync(sim, sim.Place(merchantId).ToJson().ToJsonString()));
        }
        var sentIn = clock.Elapsed.TotalSeconds;
        var answers = await Task.WhenAll(sends);
        var ms = answers.Select(a => a.Ms).Order().ToArray();
        double At(double q) => ms.Length == 0 ? 0 : Math.Round(ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(q * ms.Length) - 1)], 1);
        var statuses = new JsonObject();
        foreach (var group in answers.GroupBy(a => a.Status).OrderBy(g => g.Key))
            statuses[group.Key == 0 ? "no answer" : group.Key.ToString(CultureInfo.InvariantCulture)] = group.Count();
        return new JsonObject
        {
            ["orders"] = orders,
            ["per_second_asked"] = perSecond,
            ["per_second_sent"] = Math.Round(orders / sentIn, 1),
            ["started_at"] = startedAt.ToString("O", CultureInfo.InvariantCulture),
            ["statuses"] = statuses,
            ["answer_ms"] = new JsonObject { ["p50"] = At(0.50), ["p90"] = At(0.90), ["p99"] = At(0.99), ["max"] = At(1) },
        };
    }

    private static async Task<(int Status, double Ms)> TimedAsync(IFoodSimulator sim, string body)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var answer = await sim.SendWebhookAsync(body);
            return ((int)answer.StatusCode, clock.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (0, clock.Elapsed.TotalMilliseconds);
        }
        catch (TaskCanceledException)
        {
            return (0, clock.Elapsed.TotalMilliseconds);
        }
    }
}
