using Microsoft.Extensions.Logging.Console;

namespace Omniman.Server.Startup;

/// <summary>How the process stops and how it logs (docs/operations.md, "Shutdown" and "JSON logs").</summary>
internal static class ShutdownAndLogs
{
    public const string ShutdownSecondsKey = "Omniman:ShutdownSeconds";
    public const double DefaultShutdownSeconds = 30;

    public static IServiceCollection AddShutdownAndLogs(this IServiceCollection services, IConfiguration configuration)
    {
        // The window SIGTERM opens: Kestrel drains its requests and running directives finish within it;
        // then the host cancels what is left (the worker releases those directives).
        var seconds = configuration.GetValue(ShutdownSecondsKey, DefaultShutdownSeconds);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(seconds));
        // The request's trace and span ids reach a log line as scopes; the JSON formatter writes scopes
        // only when asked, so it is asked unless the configuration says otherwise.
        if (configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
            services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return services;
    }
}
