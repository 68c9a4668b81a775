using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.AspNetCore.Tests.Webhooks;
using Omniman.TestKit;
using Omniman.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>What the in-memory exporters received; added to from the server's threads.</summary>
public sealed class Exported<T> : Collection<T>
{
    private readonly Lock _gate = new();

    protected override void InsertItem(int index, T item)
    {
        lock (_gate) base.InsertItem(index, item);
    }

    public List<T> Snapshot()
    {
        lock (_gate) return [.. this];
    }
}

/// <summary>
/// An app with telemetry on (docs/operations.md, "Traces and metrics"): spans and metrics go to
/// in-memory exporters, the Prometheus endpoint is served, and a webhook receiver stands for an outside service.
/// </summary>
internal static class TelemetryTestApp
{
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        .. WebhookTestApp.Settings,
        new("Omniman:Telemetry:Enabled", "true"),
        new("Omniman:Telemetry:Prometheus:Enabled", "true"),
        new("Omniman:Directives:MaxAttempts", "1"),
    ];

    public static void Register(IServiceCollection services, Exported<Activity> spans, Exported<MetricSnapshot> metrics)
    {
        ScriptedHandler.Register(services);
        services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
    }
}

public interface ITelemetryApp
{
    Exported<Activity> Spans { get; }
    Exported<MetricSnapshot> Metrics { get; }
    WebhookReceiver Receiver { get; }
}

public sealed class SqliteTelemetryApp : SqliteApp, ITelemetryApp
{
    public Exported<Activity> Spans { get; } = [];
    public Exported<MetricSnapshot> Metrics { get; } = [];
    public WebhookReceiver Receiver { get; private set; } = null!;
    public override async Task InitializeAsync() => Receiver = await WebhookReceiver.StartAsync();
    protected override IEnumerable<KeyValuePair<string, string>> Settings => TelemetryTestApp.Settings;
    protected override void ConfigureServices(IServiceCollection services) => TelemetryTestApp.Register(services, Spans, Metrics);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class PostgresTelemetryApp : PostgresApp, ITelemetryApp
{
    public Exported<Activity> Spans { get; } = [];
    public Exported<MetricSnapshot> Metrics { get; } = [];
    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings => TelemetryTestApp.Settings;
    protected override void ConfigureServices(IServiceCollection services) => TelemetryTestApp.Register(services, Spans, Metrics);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// Traces for requests, database commands, outgoing HTTP and directive runs, a directive's span linked
/// to the request that wrote it, and the kernel's metrics, reaching an exporter (issue 19).
/// </summary>
public abstract class TelemetryTests<TApp>(TApp app) where TApp : OmnimanApp, ITelemetryApp
{
    private static readonly JsonObject StockChannel = new()
    {
        ["required_checks_on_commit"] = new JsonArray("stock"),
        ["post_commit_directives"] = new JsonArray("stock.commit"),
    };

    private void Flush()
    {
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    private const string EfSource = "OpenTelemetry.Instrumentation.EntityFrameworkCore";

    private static bool Tagged(Activity span, string tag, string value) => span.GetTagItem(tag) as string == value;

    [Fact]
    public async Task DirectiveSpans_LinkToTheRequestThatWroteThem_AndHoldTheirDatabaseAndHttpSpans()
    {
        using var admin = app.Admin();
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("otel", StockChannel.DeepClone().AsObject());
        var name = $"otel-{Guid.NewGuid():N}";
        var subscription = (await admin.PostAsync("/api/webhooks/subscriptions", new JsonObject
        {
            ["url"] = $"{app.Receiver.BaseUrl}/{name}", ["events"] = new JsonArray("order.created"),
        })).Expect(HttpStatusCode.Created).Json;
        app.Receiver.Secrets[name] = subscription["secret"]!.GetValue<string>();
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 4, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();
        Flush();
        var spans = app.Spans.Snapshot();

        // The modify request, its database commands inside its trace, and the stock check's run linked to it.
        var modify = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Tagged(s, "url.path", $"/api/sessions/{key}/modify"));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == modify.SpanId && s.Source.Name == EfSource);
        var check = Assert.Single(spans, s => s.DisplayName == "directive stock.hold" && Tagged(s, "omniman.correlation", $"session:{channel}:{key}"));
        Assert.NotEqual(modify.TraceId, check.TraceId);
        Assert.Contains(check.Links, l => l.Context.TraceId == modify.TraceId && l.Context.SpanId == modify.SpanId);
        Assert.Equal("done", check.GetTagItem("omniman.directive.outcome"));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == check.SpanId && s.Source.Name == EfSource);

        // The commit's webhook delivery: linked to the commit, its POST to the receiver a span of its own run.
        var commit = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Tagged(s, "url.path", $"/api/sessions/{key}/commit"));
        var delivery = Assert.Single(spans, s => s.DisplayName == "directive webhook.deliver" && Tagged(s, "omniman.correlation", $"order:{orderRef}"));
        Assert.Contains(delivery.Links, l => l.Context.TraceId == commit.TraceId);
        var post = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.TraceId == delivery.TraceId && s.GetTagItem("url.full") is string url
            && url.EndsWith($"/{name}", StringComparison.Ordinal));
        Assert.Equal(200, post.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Metrics_CountModifyCommitChecksFailuresQueueAndHeldStock()
    {
        using var admin = app.Admin();
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        (await admin.PutAsync($"/api/stock/{sku}", new JsonObject { ["on_hand"] = 10 })).Expect(HttpStatusCode.OK);
        var channel = await admin.CreateChannelAsync("otel", StockChannel.DeepClone().AsObject());
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine(sku, 3, 100))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        // A directive that fails for good (one attempt here), and one queued on a topic no handler takes.
        await app.EnqueueDirectiveAsync(ScriptedHandler.Topic, new JsonObject { ["always_fail"] = true });
        await app.DispatchAllAsync();
        var waiting = $"otel.waiting-{Guid.NewGuid():N}";
        await app.EnqueueDirectiveAsync(waiting, []);
        await app.EnqueueDirectiveAsync(waiting, []);
        app.Clock.Advance(TimeSpan.FromSeconds(42));
        await app.Services.GetRequiredService<TelemetrySampler>().SampleNowAsync(CancellationToken.None);
        (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created);
        Flush();

        var metrics = app.Metrics.Snapshot();
        MetricPoint[] Points(string metric) =>
            [.. metrics.Where(m => m.Name == metric).SelectMany(m => m.MetricPoints)];
        static bool Has(MetricPoint point, string tag, string value)
        {
            foreach (var t in point.Tags) if (t.Key == tag && t.Value as string == value) return true;
            return false;
        }

        Assert.Contains(Points("omniman.session.modify.duration"), p => Has(p, "outcome", "ok") && p.GetHistogramCount() >= 1);
        Assert.Contains(Points("omniman.session.commit.duration"), p => Has(p, "outcome", "ok") && p.GetHistogramCount() >= 1);
        Assert.Contains(Points("omniman.check.landed"), p => Has(p, "check", "stock") && p.GetHistogramCount() >= 1);
        Assert.Contains(Points("omniman.directive.duration"), p => Has(p, "topic", "stock.hold") && Has(p, "outcome", "done"));
        Assert.Contains(Points("omniman.directive.failed"), p => Has(p, "topic", ScriptedHandler.Topic) && p.GetSumLong() >= 1);
        Assert.Contains(Points("omniman.directive.queue.depth"), p => Has(p, "topic", waiting) && p.GetGaugeLastValueLong() == 2);
        Assert.Contains(Points("omniman.directive.queue.age"), p => Has(p, "topic", waiting) && p.GetGaugeLastValueDouble() >= 42);
        Assert.Contains(Points("omniman.stock.held"), p => p.GetGaugeLastValueDouble() >= 3);
        Assert.Contains(Points("http.server.request.duration"), p => p.GetHistogramCount() >= 1);

        // The same figures, scraped as Prometheus reads them.
        using var anonymous = app.Client();
        var scrape = await anonymous.Http.GetStringAsync("/metrics");
        Assert.Contains("omniman_session_modify_duration_seconds_bucket", scrape, StringComparison.Ordinal);
        Assert.Contains($"omniman_directive_queue_depth{{otel_scope_name=\"Omniman\",topic=\"{waiting}\"}} 2", scrape.Replace(",otel_scope_version=\"\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

/// <summary>
/// Instrumentation listens process-wide: two telemetry apps alive at once would each see the other's
/// database commands and gauges. One at a time, as one process runs one host in production.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

[Collection(TelemetryCollection.Name)]
public sealed class SqliteTelemetryTests(SqliteTelemetryApp app) : TelemetryTests<SqliteTelemetryApp>(app), IClassFixture<SqliteTelemetryApp>;

[Collection(TelemetryCollection.Name)]
public sealed class PostgresTelemetryTests(PostgresTelemetryApp app) : TelemetryTests<PostgresTelemetryApp>(app), IClassFixture<PostgresTelemetryApp>;
