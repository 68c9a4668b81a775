using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.IFood;

/// <summary>
/// Calls to iFood's merchant API with a Bearer token from the token cache: the token is kept until the
/// <c>expiresIn</c> iFood gave (its docs say 6 h, clients see 3 h: only the answer counts) and renewed
/// once when iFood answers 401. A 5xx, a 429 or no answer is <see cref="MarketplaceUnavailableException"/>.
/// </summary>
internal sealed class IFoodApi(IHttpClientFactory http, MarketplaceTokens tokens, IOptions<IFoodOptions> options)
{
    public const string HttpClientName = "ifood";
    public const string Provider = "ifood";

    /// <summary>Sends the request <paramref name="build"/> makes, with a token; a 401 renews the token and sends it once more.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        var token = await tokens.GetAsync(Provider, IssueAsync, ct);
        var response = await SendOnceAsync(build, token, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        await tokens.InvalidateAsync(Provider, token, ct);
        token = await tokens.GetAsync(Provider, IssueAsync, ct);
        response = await SendOnceAsync(build, token, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new MarketplaceUnavailableException("iFood refused a token it had just issued (401): check the app's permissions for this merchant.");
        }
        return response;
    }

    /// <summary>Reads a JSON answer; anything but 2xx becomes an exception the caller's retry understands.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        EnsureAvailable(response, what);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"iFood answered {(int)response.StatusCode} to {what}: {await response.Content.ReadAsStringAsync(ct)}");
        if (response.StatusCode == HttpStatusCode.NoContent) return null;
        var text = await response.Content.ReadAsStringAsync(ct);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>A 5xx, 429 or 408 means "not now": retry, after iFood's <c>Retry-After</c> when it sent one.</summary>
    public static void EnsureAvailable(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        if (status is >= 500 or 429 or 408)
            throw new MarketplaceUnavailableException($"iFood answered {status} to {what}.", RetryAfter(response.Headers.RetryAfter));
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, string token, CancellationToken ct)
    {
        using var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendRawAsync(request, ct);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await http.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new MarketplaceUnavailableException($"iFood could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new MarketplaceUnavailableException("iFood did not answer in time.", ex);
        }
    }

    /// <summary>Client credentials, form-encoded with iFood's camelCase names.</summary>
    private async Task<IssuedToken> IssueAsync(CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/authentication/v1.0/oauth/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grantType"] = "client_credentials",
                ["clientId"] = o.ClientId,
                ["clientSecret"] = o.ClientSecret,
            }),
        };
        using var response = await SendRawAsync(request, ct);
        EnsureAvailable(response, "a token request");
        if (!response.IsSuccessStatusCode)
            throw new MarketplaceUnavailableException($"iFood refused the client credentials ({(int)response.StatusCode}): check {IFoodOptions.Section}.");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct)
            ?? throw new MarketplaceUnavailableException("iFood answered a token request with no body.");
        var token = body["accessToken"]?.GetValue<string>() ?? throw new MarketplaceUnavailableException("iFood's token answer has no accessToken.");
        var seconds = body["expiresIn"]?.GetValue<double>() ?? 0;
        return new IssuedToken(token, TimeSpan.FromSeconds(seconds > 0 ? seconds : 3600));
    }

    public Uri Url(string path) => new(options.Value.BaseUrl.TrimEnd('/') + path);
}
