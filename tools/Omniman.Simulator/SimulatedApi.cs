using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Omniman.Simulator;

/// <summary>
/// What every simulated marketplace has alike (docs/marketplaces.md, "The simulator"): a local HTTP host, the tokens it
/// issued and when they expire, the faults it was told to answer with, and a client for the webhooks it sends. Each
/// simulator speaks its own marketplace's protocol on top.
/// </summary>
internal sealed class SimulatedApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly List<(string Path, int Status, int Times)> _faults = [];

    private SimulatedApi(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>Serves <paramref name="handle"/> on <paramref name="port"/> (0: any free port) of the loopback address.</summary>
    public static async Task<SimulatedApi> StartAsync(int port, TimeProvider clock, RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The host's own appsettings and environment (urls, Kestrel endpoints) are not the simulator's.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var api = new SimulatedApi(builder.Build(), clock);
        api._app.Run(handle);
        await api._app.StartAsync();
        api.BaseUrl = api._app.Urls.First().TrimEnd('/');
        return api;
    }

    public string BaseUrl { get; private set; } = "";

    public HttpClient Webhooks { get; } = new();

    public TimeSpan TokenLifetime { get; set; }

    public int TokensIssued { get; private set; }

    /// <summary>Requests refused with 401 for want of a live token.</summary>
    public int Unauthorized { get; private set; }

    /// <summary>A new token, live for <see cref="TokenLifetime"/>.</summary>
    public string IssueToken(string prefix)
    {
        var token = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            _tokens[token] = _clock.GetUtcNow() + TokenLifetime;
            TokensIssued++;
        }
        return token;
    }

    /// <summary>Whether <paramref name="token"/> was issued and has not expired; counts the refusals.</summary>
    public bool Authorized(string token)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var expires) && expires > _clock.GetUtcNow()) return true;
            Unauthorized++;
            return false;
        }
    }

    /// <summary>Makes every token issued invalid now: the next call with one is a 401.</summary>
    public void ExpireTokens() { lock (_gate) _tokens.Clear(); }

    /// <summary>Answers the next <paramref name="times"/> requests whose path contains <paramref name="path"/> with <paramref name="status"/>.</summary>
    public void Fail(string path, int status, int times) { lock (_gate) _faults.Add((path, status, times)); }

    /// <summary>Answers the request with a fault when one is due for its path (a 429 with <c>Retry-After</c>); false when none is.</summary>
    public async Task<bool> AnswerFaultAsync(HttpContext http, Func<int, object> body)
    {
        int status;
        lock (_gate)
        {
            var path = http.Request.Path.Value ?? "";
            var index = _faults.FindIndex(f => path.Contains(f.Path, StringComparison.Ordinal));
            if (index < 0) return false;
            var fault = _faults[index];
            if (fault.Times <= 1) _faults.RemoveAt(index);
            else _faults[index] = fault with { Times = fault.Times - 1 };
            status = fault.Status;
        }
        http.Response.StatusCode = status;
        if (status == 429) http.Response.Headers.RetryAfter = "1";
        await http.Response.WriteAsJsonAsync(body(status));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Webhooks.Dispose();
    }
}
