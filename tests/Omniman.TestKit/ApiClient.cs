using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omniman.TestKit;

/// <summary>A response as tests look at it: the status, the headers, and the JSON body.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers, string Raw, string? ContentType = null)
{
    /// <summary>The envelope's error code, or null when the body is not an error.</summary>
    public string? ErrorCode => Body?["error"]?["code"]?.GetValue<string>();

    /// <summary>For a server error, what the app logged under its trace id.</summary>
    public string? ServerLog { get; init; }

    public JsonNode Json => Body ?? throw new InvalidOperationException($"No JSON body ({(int)Status}): {Raw}");

    public ApiResponse Expect(HttpStatusCode status)
    {
        if (Status != status)
            throw new Xunit.Sdk.XunitException($"Expected {(int)status} {status}, got {(int)Status}: {Raw}"
                + (ServerLog is null ? "" : $"{Environment.NewLine}Server log:{Environment.NewLine}{ServerLog}"));
        return this;
    }
}

/// <summary>Thin JSON-over-HTTP helper for the API; with the app's <see cref="LogCapture"/>, a 5xx carries the server's log.</summary>
public sealed class ApiClient(HttpClient http, LogCapture? log = null) : IDisposable
{
    public HttpClient Http => http;

    public Task<ApiResponse> GetAsync(string url) => SendAsync(HttpMethod.Get, url, null);

    public Task<ApiResponse> PostAsync(string url, object? body, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, url, body, headers);

    public Task<ApiResponse> PutAsync(string url, object? body) => SendAsync(HttpMethod.Put, url, body);

    public Task<ApiResponse> DeleteAsync(string url) => SendAsync(HttpMethod.Delete, url, null);

    /// <summary>Posts a raw string as the body, for malformed-input tests.</summary>
    public Task<ApiResponse> PostRawAsync(string url, string raw, string contentType = "application/json") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(raw, Encoding.UTF8, contentType) });

    public Task<ApiResponse> SendAsync(HttpMethod method, string url, object? body, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var json = body as string ?? (body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body, Common.Json.Options));
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        return SendAsync(request);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (raw.Length > 0)
        {
            try { body = JsonNode.Parse(raw); }
            catch (JsonException) { body = null; }
        }
        var traceId = (int)response.StatusCode >= 500 ? body?["error"]?["context"]?["trace_id"]?.GetValue<string>() : null;
        return new ApiResponse(response.StatusCode, body, response.Headers, raw, response.Content.Headers.ContentType?.MediaType)
        {
            ServerLog = traceId is null ? null : log?.For(traceId),
        };
    }

    public void Dispose() => http.Dispose();
}
