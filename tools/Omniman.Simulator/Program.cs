using System.Globalization;
using System.Runtime.InteropServices;
using Omniman.Simulator.IFood;
using Omniman.Simulator.Rappi;

// dotnet run --project tools/Omniman.Simulator -- ifood [--port 5090] [--webhook URL] [--client-id ID] [--client-secret SECRET]
// dotnet run --project tools/Omniman.Simulator -- rappi [--port 5091] [--webhook URL] [--client-id ID] [--client-secret SECRET] [--webhook-secret SECRET]
// (docs/marketplaces.md, "The simulator" and "The Rappi simulator").
const string usage = """
    usage: Omniman.Simulator ifood [--port 5090] [--webhook http://localhost:5000/api/webhooks/ifood] [--client-id ID] [--client-secret SECRET]
           Omniman.Simulator rappi [--port 5091] [--webhook http://localhost:5000/api/webhooks/rappi] [--client-id ID] [--client-secret SECRET] [--webhook-secret SECRET]
    """;
if (args.Length == 0 || args[0] is not ("ifood" or "rappi"))
{
    Console.Error.WriteLine(usage);
    return 2;
}
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var webhook = Option("--webhook") is { } url ? new Uri(url) : null;
IAsyncDisposable running;
string baseUrl, placeOrder;
IEnumerable<KeyValuePair<string, string>> settings;
if (args[0] == "ifood")
{
    var ifood = await IFoodSimulator.StartAsync(int.Parse(Option("--port") ?? "5090", CultureInfo.InvariantCulture),
        clientId: Option("--client-id") ?? IFoodSimulator.DefaultClientId, clientSecret: Option("--client-secret") ?? IFoodSimulator.DefaultClientSecret);
    ifood.WebhookUrl = webhook;
    (running, baseUrl, settings, placeOrder) = (ifood, ifood.BaseUrl, ifood.Settings, $"{ifood.BaseUrl}/_simulator/ifood/orders");
}
else
{
    var rappi = await RappiSimulator.StartAsync(int.Parse(Option("--port") ?? "5091", CultureInfo.InvariantCulture),
        clientId: Option("--client-id") ?? RappiSimulator.DefaultClientId, clientSecret: Option("--client-secret") ?? RappiSimulator.DefaultClientSecret,
        webhookSecret: Option("--webhook-secret") ?? RappiSimulator.DefaultWebhookSecret);
    rappi.WebhookUrl = webhook;
    (running, baseUrl, settings, placeOrder) = (rappi, rappi.BaseUrl, rappi.Settings, $"{rappi.BaseUrl}/_simulator/rappi/orders");
}
await using (running)
{
    Console.WriteLine($"Simulated {args[0]} at {baseUrl}. Start Omniman with:");
    foreach (var (key, value) in settings) Console.WriteLine($"  {key.Replace(":", "__", StringComparison.Ordinal)}={value}");
    Console.WriteLine($"Place an order:  curl -X POST {placeOrder}");
    Console.WriteLine("Ctrl+C stops.");
    // Ctrl+C and a plain kill both end the program, not only the web server inside it.
    var stopped = new TaskCompletionSource();
    void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true;
        stopped.TrySetResult();
    }
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    await stopped.Task;
}
return 0;
