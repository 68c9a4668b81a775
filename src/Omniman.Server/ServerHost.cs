using Omniman.AspNetCore;
using Omniman.Marketplaces;
using Omniman.Marketplaces.Http;
using Omniman.Marketplaces.IFood;
using Omniman.Marketplaces.Rappi;
using Omniman.OperatorConsole;
using Omniman.Payments;
using Omniman.Payments.Http;
using Omniman.Payments.Stripe;
using Omniman.Webhooks;
using Omniman.Webhooks.Http;
using Omniman.Persistence;
using Omniman.Postgres;
using Omniman.Redis;
using Omniman.Server.Startup;
using Omniman.Sqlite;

namespace Omniman.Server;

/// <summary>
/// Composes the program: kernel, database by configuration, stock, payments, webhooks, marketplaces
/// when configured, worker, and (when serving) the REST API and the operator console.
/// </summary>
internal static class ServerHost
{
    public const string DefaultConnection = "Data Source=omniman.db";

    /// <summary>API, worker (unless <c>Omniman:Worker:Enabled=false</c>) and start-up tasks.</summary>
    public static WebApplication BuildServer(string[] args)
    {
        // appsettings.json ships beside the program, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var omniman = AddOmniman(builder.Services, builder.Configuration).AddDirectiveWorker().AddOmnimanApi().AddConsole();
        if (MarketplacesConfigured(builder.Configuration)) omniman.AddMarketplacePolling();

        var app = builder.Build();
        app.UseOmnimanErrors();
        app.UseOmnimanConsole();
        app.UseOmnimanAccess();
        app.MapOmniman();
        app.MapPayments();
        app.MapWebhooks();
        app.MapOmnimanConsole();
        app.MapTelemetry();
        if (StripeConfigured(app.Configuration)) app.MapStripeWebhook();
        if (MarketplacesConfigured(app.Configuration)) app.MapMarketplaces();
        return app;
    }

    /// <summary>No API: the directive worker alone, for running many side by side on one database.</summary>
    public static IHost BuildWorker(string[] args, bool runWorker = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var omniman = AddOmniman(builder.Services, builder.Configuration);
        if (runWorker) omniman.AddDirectiveWorker();
        if (runWorker && MarketplacesConfigured(builder.Configuration)) omniman.AddMarketplacePolling();
        return builder.Build();
    }

    private static OmnimanBuilder AddOmniman(IServiceCollection services, IConfiguration configuration)
    {
        services.AddShutdownAndLogs(configuration);
        services.AddHostedService<DatabaseInitializer>();
        services.AddTelemetry(configuration);   // after the initializer: the gauges read migrated tables
        var omniman = services.AddOmnimanKernel(configuration).UseDatabase(SelectDatabase).AddStock().AddBuiltInPricing().AddPayments().AddWebhooks()
            .AddConsoleUsers();
        if (ReplicaConfigured(configuration) is { } replica) omniman.UseReadReplica(replica);
        if (RedisConfigured(configuration) is { } redis) omniman.AddRedis(redis.Connection, redis.Prefix);
        if (IFoodConfigured(configuration)) omniman.AddIFood();
        if (RappiConfigured(configuration)) omniman.AddRappi();
        return StripeConfigured(configuration) ? omniman.AddStripePayments() : omniman;
    }

    /// <summary>Processes share their caches' invalidations through Redis when <c>ConnectionStrings:Redis</c> is set (docs/operations.md, "Several processes").</summary>
    private static (string Connection, string Prefix)? RedisConfigured(IConfiguration configuration) =>
        configuration.GetConnectionString(RedisCaching.ConnectionName) is { Length: > 0 } redis
            ? (redis, configuration[RedisCaching.PrefixKey] ?? RedisCaching.DefaultPrefix)
            : null;

    /// <summary>iFood orders flow in when its client id is set (docs/marketplaces.md, "iFood").</summary>
    private static bool IFoodConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[$"{IFoodOptions.Section}:{nameof(IFoodOptions.ClientId)}"]);

    /// <summary>Rappi orders flow in when its client id is set (docs/marketplaces.md, "Rappi").</summary>
    private static bool RappiConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[$"{RappiOptions.Section}:{nameof(RappiOptions.ClientId)}"]);

    /// <summary>The webhooks and the poller are there when any marketplace is.</summary>
    private static bool MarketplacesConfigured(IConfiguration configuration) => IFoodConfigured(configuration) || RappiConfigured(configuration);

    /// <summary>The <c>stripe</c> backend is there when its secret key is set (docs/payments.md, "Stripe").</summary>
    private static bool StripeConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[$"{StripeOptions.Section}:{nameof(StripeOptions.SecretKey)}"]);

    /// <summary>Lists read from a replica of the primary when <c>ConnectionStrings:OmnimanReadOnly</c> is set (docs/operations.md, "Read replica").</summary>
    private const string ReadOnlyConnection = "OmnimanReadOnly";

    private static PostgresDatabase? ReplicaConfigured(IConfiguration configuration) =>
        configuration.GetConnectionString(ReadOnlyConnection) is not { Length: > 0 } connection ? null
        : IsPostgres(configuration["Omniman:Database:Provider"] ?? "Sqlite") ? new PostgresDatabase(connection)
        : throw new InvalidOperationException($"ConnectionStrings:{ReadOnlyConnection} is for a PostgreSQL replica; the database is not PostgreSQL.");

    private static bool IsPostgres(string provider) => provider.ToUpperInvariant() is "POSTGRES" or "POSTGRESQL" or "NPGSQL";

    /// <summary><c>Omniman:Database:Provider</c> (Sqlite | Postgres) with <c>ConnectionStrings:Omniman</c>.</summary>
    private static IDatabaseProvider SelectDatabase(IServiceProvider services)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var provider = config["Omniman:Database:Provider"] ?? "Sqlite";
        var connection = config.GetConnectionString("Omniman");
        return provider.ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteDatabase(connection ?? DefaultConnection),
            _ when IsPostgres(provider) => new PostgresDatabase(connection
                ?? throw new InvalidOperationException("Omniman:Database:Provider is Postgres but ConnectionStrings:Omniman is not set.")),
            _ => throw new InvalidOperationException($"Unknown Omniman:Database:Provider '{provider}'; use Sqlite or Postgres."),
        };
    }
}
