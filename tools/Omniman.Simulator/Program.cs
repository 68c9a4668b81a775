using System.Globalization;
using Omniman.Simulator.IFood;

// dotnet run --project tools/Omniman.Simulator -- ifood [--port 5090] [--webhook URL] [--client-id ID] [--client-secret SECRET]
// (docs/marketplaces.md, "The simulator").
if (args.Length == 0 || args[0] != "ifood")
{
    Console.Error.WriteLine("usage: Omniman.Simulator ifood [--port 5090] [--webhook http://localhost:5000/api/webhooks/ifood] [--client-id ID] [--client-secret SECRET]");
    return 2;
}
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var port = int.Parse(Option("--port") ?? "5090", CultureInfo.InvariantCulture);
await using var simulator = await IFoodSimulator.StartAsync(port, clientId: Option("--client-id") ?? IFoodSimulator.DefaultClientId,
    clientSecret: Option("--client-secret") ?? IFoodSimulator.DefaultClientSecret);
if (Option("--webhook") is { } webhook) simulator.WebhookUrl = new Uri(webhook);
Console.WriteLine($"Simulated iFood at {simulator.BaseUrl}. Start Omniman with:");
foreach (var (key, value) in simulator.Settings) Console.WriteLine($"  {key.Replace(":", "__", StringComparison.Ordinal)}={value}");
Console.WriteLine($"Place an order:  curl -X POST {simulator.BaseUrl}/_simulator/ifood/orders");
Console.WriteLine("Ctrl+C stops.");
var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
await stopped.Task;
return 0;
