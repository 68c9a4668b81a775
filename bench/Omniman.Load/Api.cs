using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omniman.Load;

/// <summary>One JSON call to the API: its status, body and how long it took.</summary>
internal readonly record struct Call(int Status, byte[] Raw, long Micros)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The body, parsed on each read: most calls never look at theirs, and the generator shares the server's CPU.</summary>
    public JsonNode? Body
    {
        get
        {
            if (Raw.Length == 0) return null;
            try { return JsonNode.Parse(Raw); }
            catch (JsonException) { return null; }
        }
    }
}

/// <summary>A thin client over the REST API that times every call and files it under an endpoint name.</summary>
internal sealed class Api(HttpClient http, Recorder recorder)
{
    public Recorder Recorder => recorder;

    public static HttpClient CreateHttp(LoadOptions options, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
        return http;
    }

    public Task<Call> GetAsync(string endpoint, string path, CancellationToken ct) => SendAsync(endpoint, HttpMethod.Get, path, null, null, ct);

    public Task<Call> PostAsync(string endpoint, string path, JsonNode? body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync(endpoint, HttpMethod.Post, path, body, idempotencyKey, ct);

    public Task<Call> PutAsync(string endpoint, string path, JsonNode body, CancellationToken ct) => SendAsync(endpoint, HttpMethod.Put, path, body, null, ct);

    public Task<Call> DeleteAsync(string endpoint, string path, CancellationToken ct) => SendAsync(endpoint, HttpMethod.Delete, path, null, null, ct);

    private async Task<Call> SendAsync(string endpoint, HttpMethod method, string path, JsonNode? body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var started = Stopwatch.GetTimestamp();
        int status;
        byte[] raw = [];
        try
        {
            using var response = await http.SendAsync(request, ct);
            status = (int)response.StatusCode;
            raw = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        var micros = Stopwatch.GetElapsedTime(started).Ticks / 10;
        recorder.Record(endpoint, micros, status);
        return new Call(status, raw, micros);
    }
}
