using System.Diagnostics;
using Omniman.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Omniman.Server.Startup;

/// <summary>
/// Traces, metrics and logs through OpenTelemetry (docs/operations.md, "Traces and metrics"), off
/// unless an exporter is configured: an OTLP endpoint (<c>Omniman:Telemetry:Otlp:Endpoint</c>, or
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or the Prometheus scrape endpoint
/// (<c>Omniman:Telemetry:Prometheus:Enabled</c>). <c>Omniman:Telemetry:Enabled=true</c> turns it on
/// with no exporter, for one added in code.
/// </summary>
internal static class Telemetry
{
    private const string Section = "Omniman:Telemetry";

    private sealed record Settings(bool Enabled, Uri? OtlpEndpoint, OtlpExportProtocol OtlpProtocol, bool Otlp, bool Prometheus, string PrometheusPath,
        string ServiceName)
    {
        public static Settings Read(IConfiguration configuration)
        {
            var section = configuration.GetSection(Section);
            var endpoint = section["Otlp:Endpoint"] is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : null;
            var otlp = endpoint is not null || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            var protocol = section["Otlp:Protocol"] switch
            {
                null or "" or "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                var other => throw new InvalidOperationException($"{Section}:Otlp:Protocol is '{other}'; use grpc or http/protobuf."),
            };
            var prometheus = section.GetValue("Prometheus:Enabled", false);
            var enabled = section.GetValue<bool?>("Enabled") ?? (otlp || prometheus);
            return new Settings(enabled, endpoint, protocol, otlp, prometheus, section["Prometheus:Path"] ?? "/metrics",
                section["ServiceName"] ?? configuration["OTEL_SERVICE_NAME"] ?? "omniman");
        }
    }

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Settings.Read(configuration);
        if (!settings.Enabled) return services;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(OmnimanTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => Traced(http.Request.Path, settings))
                .AddHttpClientInstrumentation()
                // A command outside any span is the worker's polling or the metrics' sampling: left out, or they would fill
                // the traces. (The filter runs with the command's own span current.)
                .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (_, _) => Activity.Current?.Parent is not null))
            .WithMetrics(metrics => metrics
                .AddMeter(OmnimanTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (settings.Otlp)
        {
            if (settings.OtlpEndpoint is { } endpoint) telemetry.UseOtlpExporter(settings.OtlpProtocol, endpoint);
            else telemetry.UseOtlpExporter();
        }
        if (settings.Prometheus) telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter(o => o.ScrapeEndpointPath = settings.PrometheusPath));
        services.AddSingleton<TelemetrySampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetrySampler>());
        return services;
    }

    /// <summary>The Prometheus scrape endpoint, when configured: no key asked, so keep it off the public side of the proxy.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var settings = Settings.Read(app.Configuration);
        if (settings.Enabled && settings.Prometheus) app.MapPrometheusScrapingEndpoint(settings.PrometheusPath);
        return app;
    }

    // Probes and scrapes come every few seconds and say nothing about the orders.
    private static bool Traced(PathString path, Settings settings) =>
        !path.StartsWithSegments("/health") && !(settings.Prometheus && path.StartsWithSegments(settings.PrometheusPath));
}
