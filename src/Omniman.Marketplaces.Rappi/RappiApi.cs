using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using static Omniman.Marketplaces.MarketplaceJson;

namespace Omniman.Marketplaces.Rappi;

/// <summary>
/// Calls to Rappi's partner API with its token in the <c>x-authorization</c> header (not <c>Authorization</c>):
/// the token is kept for the lifetime Rappi gave (a week, by its docs) and renewed once when Rappi answers 401.
/// </summary>
internal sealed class RappiApi(IHttpClientFactory http, MarketplaceTokens tokens, IOptions<RappiOptions> options)
{
    public const string HttpClientName = "rappi";
    public const string Provider = "rappi";
    public const string AuthorizationHeader = "x-authorization";

    /// <summary>The login of the current API.</summary>
    public const string LoginPath = "/restaurants/auth/v1/token/login/integrations";

    /// <summary>The older login, still documented and still what some domains answer on: tried when the current one is not there (404).</summary>
    public const string LegacyLoginPath = "/restaurants/auth/oauth/token";

    private static readonly TimeSpan DocumentedLifetime = TimeSpan.FromDays(7);

    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct) =>
        MarketplaceHttp.SendWithTokenAsync(tokens, Provider, "Rappi", IssueAsync, build,
            (request, token) => request.Headers.TryAddWithoutValidation(AuthorizationHeader, $"Bearer {token}"), SendRawAsync, ct);

    /// <summary>Reads a JSON answer; anything but 2xx becomes an exception the caller's retry understands.</summary>
    public static Task<JsonNode?> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct) =>
        MarketplaceHttp.ReadJsonAsync(response, "Rappi", what, ct);

    public Uri Url(string path) => new(options.Value.BaseUrl.TrimEnd('/') + path);

    private Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct) =>
        MarketplaceHttp.SendRawAsync(http.CreateClient(HttpClientName), request, "Rappi", ct);

    /// <summary>
    /// Token login with the client id and secret as JSON. Rappi's pages name the answer's fields differently
    /// (<c>access_token</c>, <c>accessToken</c>, <c>token</c>), so any of them is read; without an expiry the
    /// documented week is assumed.
    /// </summary>
    private async Task<IssuedToken> IssueAsync(CancellationToken ct)
    {
        var o = options.Value;
        // The older login also asks for grant_type and audience; the current one ignores them, so one body serves both.
        var credentials = new JsonObject { ["client_id"] = o.ClientId, ["client_secret"] = o.ClientSecret, ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrWhiteSpace(o.Audience)) credentials["audience"] = o.Audience;
        var response = await LoginAsync(LoginPath, credentials, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            response = await LoginAsync(LegacyLoginPath, credentials, ct);
        }
        using var answered = response;
        MarketplaceHttp.EnsureAvailable(response, "Rappi", "a token login");
        if (!response.IsSuccessStatusCode)
            throw new MarketplaceUnavailableException($"Rappi refused the client credentials ({(int)response.StatusCode}): check {RappiOptions.Section}.");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct)
            ?? throw new MarketplaceUnavailableException("Rappi answered a token login with no body.");
        var token = Text(body["access_token"]) ?? Text(body["accessToken"]) ?? Text(body["token"])
            ?? throw new MarketplaceUnavailableException("Rappi's token answer has no access_token.");
        var seconds = Number(body["expires_in"]) ?? Number(body["expiresIn"]);
        return new IssuedToken(token, seconds is > 0 ? TimeSpan.FromSeconds((double)seconds.Value) : DocumentedLifetime);
    }

    private async Task<HttpResponseMessage> LoginAsync(string path, JsonObject credentials, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = JsonContent.Create(credentials) };
        return await SendRawAsync(request, ct);
    }

}
