using System.Net;
using System.Text.Json.Nodes;

namespace Omniman.TestKit;

/// <summary>Reads whole cursor-paginated lists and the directives a change queued.</summary>
public static class Lists
{
    /// <summary>Every result of a list, following <c>next</c> links to the end.</summary>
    public static async Task<IReadOnlyList<JsonNode>> ListAllAsync(this ApiClient client, string url)
    {
        var results = new List<JsonNode>();
        string? next = url;
        for (var pages = 0; next is not null; pages++)
        {
            if (pages > 1000) throw new Xunit.Sdk.XunitException($"More than 1000 pages following {url}");
            var page = (await client.GetAsync(next)).Expect(HttpStatusCode.OK).Json;
            results.AddRange(page.Array("results"));
            next = page["next"]?.GetValue<string>();
        }
        return results;
    }

    /// <summary>The directives of one topic whose payload names <paramref name="channel"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonNode>> DirectivesAsync(this ApiClient admin, string topic, string channel)
    {
        var all = await admin.ListAllAsync($"/api/directives?topic={Uri.EscapeDataString(topic)}&page_size=100");
        return [.. all.Where(d => d["payload"]?["channel_code"]?.GetValue<string>() == channel).OrderBy(d => d.Get<long>("id"))];
    }
}
