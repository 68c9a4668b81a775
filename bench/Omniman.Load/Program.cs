using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Omniman.Load;

var url = new Option<string>("--url") { Description = "The server's base address.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var key = new Option<string>("--key") { Description = "An admin API key.", Required = true };
var flow = new Option<string>("--flow") { Description = "modify | checkout | reads | health | all (all: the first three)", DefaultValueFactory = _ => "all" };
var clients = new Option<int>("--clients") { Description = "Concurrent virtual clients.", DefaultValueFactory = _ => 32 };
var duration = new Option<double>("--duration") { Description = "Seconds measured per flow.", DefaultValueFactory = _ => 30 };
var warmup = new Option<double>("--warmup") { Description = "Seconds run before measuring.", DefaultValueFactory = _ => 3 };
var skus = new Option<int>("--skus") { Description = "SKUs in the catalog the baskets draw from.", DefaultValueFactory = _ => 500 };
var stock = new Option<long>("--stock")
{
    Description = "Units on hand of each SKU at the start; a small number makes baskets run short and commits be refused (the drills).",
    DefaultValueFactory = _ => 1_000_000_000,
};
var skuPrefix = new Option<string>("--sku-prefix") { Description = "Starts the catalog's SKUs, so runs on one database can use stock of their own.", DefaultValueFactory = _ => "LOAD" };
var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, to report its peak memory (Linux)." };
var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file." };
var reads = new Option<string[]>("--reads")
{
    Description = "The GETs the reads flow sends in turn: session, order, list.",
    DefaultValueFactory = _ => [.. Flows.ReadKinds],
    AllowMultipleArgumentsPerToken = true,
};
reads.AcceptOnlyFromAmong([.. Flows.ReadKinds]);
var webhookReceiver = new Option<string>("--webhook-receiver")
{
    Description = "Local receivers subscribed to the checkout channel's order.created: none, fast (one, answers at once), "
        + "slow (one answering after --slow-receiver-seconds, beside one fast).",
    DefaultValueFactory = _ => "none",
};
webhookReceiver.AcceptOnlyFromAmong("none", "fast", "slow");
var slowReceiverSeconds = new Option<double>("--slow-receiver-seconds") { Description = "How long the slow receiver takes to answer.", DefaultValueFactory = _ => 5 };

var root = new RootCommand("Omniman load generator: concurrent clients over HTTP, latency per endpoint.")
{
    url, key, flow, clients, duration, warmup, skus, skuPrefix, stock, serverPid, json, reads, webhookReceiver, slowReceiverSeconds,
};
root.SetAction(async (parse, ct) =>
{
    var options = new LoadOptions(new Uri(parse.GetValue(url)!), parse.GetValue(key)!, parse.GetValue(flow)!, parse.GetValue(clients),
        TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(skus), parse.GetValue(skuPrefix)!, parse.GetValue(stock), parse.GetValue(serverPid), parse.GetValue(json),
        parse.GetValue(reads)!.ToHashSet(StringComparer.Ordinal), parse.GetValue(webhookReceiver)!, TimeSpan.FromSeconds(parse.GetValue(slowReceiverSeconds)));
    var flows = options.Flow == "all" ? ["modify", "checkout", "reads"] : new[] { options.Flow };
    var reports = new JsonArray();
    var failed = false;
    foreach (var name in flows)
    {
        var report = await RunFlowAsync(options, name, ct);
        Report.Print(report, Console.Out);
        // A checkout run that committed nothing proves nothing, errors or not.
        failed |= report["errors"]!.GetValue<long>() > 0 || (report["duplicate_orders"]?.GetValue<long>() ?? 0) != 0
            || report["committed"]?.GetValue<long>() == 0;
        reports.Add(report);
    }
    if (options.JsonPath is { } path) await File.WriteAllTextAsync(path, Report.ToJson(reports), ct);
    return failed ? 1 : 0;
});
return await root.Parse(args).InvokeAsync();

static async Task<JsonObject> RunFlowAsync(LoadOptions options, string flow, CancellationToken ct)
{
    var recorder = new Recorder();
    using var http = Api.CreateHttp(options, options.Clients + 4);
    var api = new Api(http, recorder);
    var flows = new Flows(api, Guid.NewGuid().ToString("N")[..8], options.Skus, options.SkuPrefix, options.Stock, options.Reads);
    await flows.SetupAsync(ct);
    await using var receivers = await WebhookReceivers.StartAsync(options, flows, recorder, ct);

    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    var clients = Enumerable.Range(0, options.Clients).Select(i => Task.Run(async () =>
    {
        try { await flows.RunAsync(flow, i, stop.Token); }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }, CancellationToken.None)).ToArray();

    await Task.Delay(options.Warmup, ct);
    var committedBefore = Interlocked.Read(ref flows.Committed);
    recorder.Enabled = true;
    var measured = Stopwatch.StartNew();
    await Task.Delay(options.Duration, ct);
    recorder.Enabled = false;
    var committed = Interlocked.Read(ref flows.Committed) - committedBefore;
    var elapsed = measured.Elapsed;
    var webhooks = receivers.Tally(Interlocked.Read(ref flows.Committed));
    await stop.CancelAsync();
    await Task.WhenAll(clients);

    long? duplicates = flow == "checkout" ? await flows.CountDuplicateOrdersAsync(ct) : null;
    await receivers.UnsubscribeAsync(ct);
    return Report.Build(flow, recorder, elapsed, flow == "checkout" ? committed : null, duplicates, PeakRss(options.ServerPid), webhooks);
}

static long? PeakRss(int? pid)
{
    if (pid is null) return null;
    var status = $"/proc/{pid}/status";
    if (!File.Exists(status)) return null;
    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
