using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Omniman.Load;

/// <summary>
/// A local webhook receiver (Kestrel on 127.0.0.1, a port of its own, so the server gives it a
/// pipeline of its own: docs/webhooks.md). It records each delivery on arrival, as the time from
/// the event's <c>created_at</c> to then, under <c>webhook_{name}</c>, and answers 200 after
/// <paramref name="delay"/> (none for a fast receiver).
/// </summary>
internal sealed class WebhookReceiver(string name, TimeSpan delay, Recorder recorder) : IAsyncDisposable
{
    private WebApplication? _app;
    private long _received;

    public string Name => name;
    public long Received => Interlocked.Read(ref _received);
    public Uri Url { get; private set; } = null!;

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A slow receiver's answers still pending at the end are not waited for.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        _app = builder.Build();
        _app.MapPost("/", ReceiveAsync);
        await _app.StartAsync(ct);
        Url = new Uri(_app.Urls.First() + "/");
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var arrived = DateTime.UtcNow;
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        var created = body.RootElement.GetProperty("created_at").GetDateTime();
        if (created.Kind == DateTimeKind.Unspecified) created = DateTime.SpecifyKind(created, DateTimeKind.Utc);
        created = created.ToUniversalTime();
        Interlocked.Increment(ref _received);
        recorder.RecordSpan($"webhook_{name}", (arrived - created).Ticks / 10);
        if (delay > TimeSpan.Zero) await Task.Delay(delay, request.HttpContext.RequestAborted);
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
