using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Omniman.AspNetCore.Tests.Webhooks;

/// <summary>
/// A receiver of Omniman's webhooks as docs/webhooks.md tells receivers to be: it checks the
/// signature on the raw body with the subscription's secret, and keeps each event once by its id.
/// Each path can be told to answer 500 a number of times, or to take its time.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);
    /// <summary>Every request, in order of arrival: path, event id header, body, whether the signature held.</summary>
    public ConcurrentQueue<(string Path, string EventId, JsonObject Body, bool SignatureValid)> Received { get; } = new();
    /// <summary>Events kept, once per id: what a receiver that de-duplicates ends up with.</summary>
    public ConcurrentDictionary<string, JsonObject> Kept { get; } = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        _app.MapPost("/{name}", HandleAsync);
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Urls.First().TrimEnd('/');
        return receiver;
    }

    public string BaseUrl { get; private set; } = "";

    public void FailNext(string name, int times) => _failures[name] = times;

    public void Delay(string name, TimeSpan delay) => _delays[name] = delay;

    public IEnumerable<(string Path, string EventId, JsonObject Body, bool SignatureValid)> To(string name) =>
        Received.Where(r => r.Path == "/" + name);

    private async Task<IResult> HandleAsync(string name, HttpRequest request, CancellationToken ct)
    {
        if (_delays.TryGetValue(name, out var delay)) await Task.Delay(delay, ct);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(ct);
        var eventId = request.Headers["Omniman-Event-Id"].ToString();
        var valid = Secrets.TryGetValue(name, out var secret) && Verify(raw, request.Headers["Omniman-Signature"].ToString(), secret);
        var body = JsonNode.Parse(raw)!.AsObject();
        Received.Enqueue(("/" + name, eventId, body, valid));
        if (_failures.TryGetValue(name, out var left) && left > 0)
        {
            _failures[name] = left - 1;
            return Results.StatusCode(500);
        }
        if (!valid) return Results.StatusCode(400);
        Kept.TryAdd(eventId, body);
        return Results.Ok();
    }

    /// <summary>The check docs/webhooks.md shows: HMAC-SHA256 of "t.body", compared in constant time, t within 5 minutes.</summary>
    public static bool Verify(string body, string header, string secret)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        byte[] given;
        try { given = Convert.FromHexString(v1); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(expected, given) && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
