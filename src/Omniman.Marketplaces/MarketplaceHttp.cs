using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Omniman.Marketplaces;

/// <summary>
/// What every adapter does with HTTP the same way (docs/marketplaces.md, "Adding a marketplace"): no answer, a 5xx,
/// a 429 or a 408 is <see cref="MarketplaceUnavailableException"/> (retried, after the marketplace's <c>Retry-After</c>
/// when it sent one), and a call with a token that the marketplace answers 401 renews the token and goes once more.
/// </summary>
public static class MarketplaceHttp
{
    /// <summary>Sends <paramref name="request"/>; no answer in time or no connection becomes "not now".</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(HttpClient client, HttpRequestMessage request, string marketplace, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new MarketplaceUnavailableException($"{marketplace} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new MarketplaceUnavailableException($"{marketplace} did not answer in time.", ex);
        }
    }

    /// <summary>A 5xx, 429 or 408 means "not now": retry, after the marketplace's <c>Retry-After</c> when it sent one.</summary>
    public static void EnsureAvailable(HttpResponseMessage response, string marketplace, string what)
    {
        var status = (int)response.StatusCode;
        if (status is >= 500 or 429 or 408)
            throw new MarketplaceUnavailableException($"{marketplace} answered {status} to {what}.", RetryAfter(response.Headers.RetryAfter));
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes with a live token put on it by <paramref name="authorize"/>; a 401
    /// drops that token, gets a new one and sends once more. A second 401 is "not now", retried later like an outage.
    /// </summary>
    public static async Task<HttpResponseMessage> SendWithTokenAsync(MarketplaceTokens tokens, string provider, string marketplace,
        Func<CancellationToken, Task<IssuedToken>> issue, Func<HttpRequestMessage> build, Action<HttpRequestMessage, string> authorize,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        var token = await tokens.GetAsync(provider, issue, ct);
        var response = await SendOnceAsync(token);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        await tokens.InvalidateAsync(provider, token, ct);
        token = await tokens.GetAsync(provider, issue, ct);
        response = await SendOnceAsync(token);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new MarketplaceUnavailableException($"{marketplace} refused a token it had just issued (401): check the app's permissions for this merchant.");
        }
        return response;

        async Task<HttpResponseMessage> SendOnceAsync(string live)
        {
            using var request = build();
            authorize(request, live);
            return await send(request, ct);
        }
    }

    /// <summary>Reads a JSON answer (null when empty or 204); a 5xx, 429 or 408 is "not now", any other non-2xx an error.</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, string marketplace, string what, CancellationToken ct)
    {
        EnsureAvailable(response, marketplace, what);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{marketplace} answered {(int)response.StatusCode} to {what}: {await response.Content.ReadAsStringAsync(ct)}");
        var text = await response.Content.ReadAsStringAsync(ct);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>The answer to an action: 2xx is accepted (not done: the result comes as an event), a 5xx, 429 or 408 retried, any other refused with the marketplace's words.</summary>
    public static async Task<ActionOutcome> ActionOutcomeAsync(HttpResponseMessage response, string marketplace, string what, CancellationToken ct)
    {
        EnsureAvailable(response, marketplace, what);
        var detail = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? ActionOutcome.Accepted($"{what}: {(int)response.StatusCode}")
            : ActionOutcome.Refused($"{what}: {(int)response.StatusCode} {detail}");
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}
