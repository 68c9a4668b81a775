using System.Collections.Concurrent;
using System.Net;

namespace Omniman.TestKit;

/// <summary>One answer of the API as a client received it: what was asked, and what came back.</summary>
public sealed record RecordedAnswer(HttpMethod Method, Uri Url, HttpStatusCode Status, string? ContentType, string Body);

/// <summary>Every answer an app's clients received, in order; the contract tests check them against the OpenAPI document.</summary>
public sealed class RecordedAnswers
{
    private readonly ConcurrentQueue<RecordedAnswer> _answers = new();

    public IReadOnlyList<RecordedAnswer> All => [.. _answers];

    internal void Add(RecordedAnswer answer) => _answers.Enqueue(answer);

    /// <summary>Records each answer as it passes, its body read in full and handed on unchanged.</summary>
    internal sealed class Recorder(RecordedAnswers answers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            answers.Add(new RecordedAnswer(request.Method, request.RequestUri!, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body));
            return response;
        }
    }
}
