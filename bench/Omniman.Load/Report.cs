using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omniman.Load;

/// <summary>The figures of one flow: per-endpoint throughput and latency percentiles, errors, server memory.</summary>
internal static class Report
{
    public static JsonObject Build(string flow, Recorder recorder, TimeSpan measured, long? committed, long? duplicates, long? peakRssBytes, JsonObject? webhooks = null)
    {
        var endpoints = new JsonObject();
        foreach (var (name, e) in recorder.Endpoints.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var h = e.Histogram;
            endpoints[name] = new JsonObject
            {
                ["count"] = h.TotalCount,
                ["per_second"] = Math.Round(h.TotalCount / measured.TotalSeconds, 1),
                ["p50_ms"] = Ms(h.GetValueAtPercentile(50)),
                ["p95_ms"] = Ms(h.GetValueAtPercentile(95)),
                ["p99_ms"] = Ms(h.GetValueAtPercentile(99)),
                ["max_ms"] = Ms(h.GetValueAtPercentile(100)),
                ["errors"] = new JsonObject(e.Errors.Select(x => KeyValuePair.Create(x.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)x.Value))),
            };
        }
        var report = new JsonObject
        {
            ["flow"] = flow,
            ["seconds"] = Math.Round(measured.TotalSeconds, 1),
            ["endpoints"] = endpoints,
            ["errors"] = recorder.Endpoints.Sum(e => e.Value.Errors.Values.Sum()),
        };
        if (committed is not null)
        {
            report["committed"] = committed;
            report["orders_per_second"] = Math.Round(committed.Value / measured.TotalSeconds, 1);
            report["duplicate_orders"] = duplicates;
        }
        if (webhooks is not null) report["webhooks"] = webhooks;
        if (peakRssBytes is not null) report["server_peak_rss_mib"] = Math.Round(peakRssBytes.Value / 1048576.0, 1);
        return report;
    }

    public static void Print(JsonObject report, TextWriter output)
    {
        output.WriteLine($"flow {report["flow"]}: {report["seconds"]} s measured, errors {report["errors"]}");
        output.WriteLine($"  {"endpoint",-14} {"count",8} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}  errors");
        foreach (var (name, node) in report["endpoints"]!.AsObject())
        {
            var e = node!;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-14} {e["count"],8} {e["per_second"],9} {e["p50_ms"],8} {e["p95_ms"],8} {e["p99_ms"],8} {e["max_ms"],8}  {e["errors"]!.ToJsonString()}"));
        }
        if (report["committed"] is { } committed)
            output.WriteLine($"  committed {committed} ({report["orders_per_second"]} orders/s), duplicate orders {report["duplicate_orders"]}");
        if (report["webhooks"] is JsonObject webhooks)
        {
            foreach (var (name, w) in webhooks)
                output.WriteLine($"  webhook {name}: {w!["received"]} received of {w["orders"]} orders' events by the end of the measured time");
        }
        if (report["server_peak_rss_mib"] is { } rss) output.WriteLine($"  server peak RSS {rss} MiB");
    }

    public static string ToJson(JsonArray reports) => reports.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);
}
