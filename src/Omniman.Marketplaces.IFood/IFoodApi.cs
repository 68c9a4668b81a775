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
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct) =>
        MarketplaceHttp.SendWithTokenAsync(tokens, Provider, "iFood", IssueAsync, build,
            (request, token) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token), SendRawAsync, ct);

    /// <summary>Reads a JSON answer; anything but 2xx becomes an exception the caller's retry understands.</summary>
    public static Task<JsonNode?> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct) =>
        MarketplaceHttp.ReadJsonAsync(response, "iFood", what, ct);

    /// <summary>A 5xx, 429 or 408 means "not now": retry, after iFood's <c>Retry-After</c> when it sent one.</summary>
    public static void EnsureAvailable(HttpResponseMessage response, string what) => MarketplaceHttp.EnsureAvailable(response, "iFood", what);

    private Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct) =>
        MarketplaceHttp.SendRawAsync(http.CreateClient(HttpClientName), request, "iFood", ct);

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
        var token = MarketplaceJson.Text(body["accessToken"]) ?? throw new MarketplaceUnavailableException("iFood's token answer has no accessToken.");
        var seconds = MarketplaceJson.Number(body["expiresIn"]) ?? 0;
        return new IssuedToken(token, TimeSpan.FromSeconds(seconds > 0 ? (double)seconds : 3600));
    }

    public Uri Url(string path) => new(options.Value.BaseUrl.TrimEnd('/') + path);
}
