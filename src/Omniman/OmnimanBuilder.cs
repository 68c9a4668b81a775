using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Omniman.Access;
using Omniman.Channels;
using Omniman.Directives;
using Omniman.Housekeeping;
using Omniman.Stock;
using Omniman.Idempotency;
using Omniman.Orders;
using Omniman.Persistence;
using Omniman.Pricing;
using Omniman.Sessions;

namespace Omniman;

/// <summary>Registers the kernel; providers and backends chain on the returned builder.</summary>
public sealed class OmnimanBuilder(IServiceCollection services, IConfiguration configuration)
{
    public IServiceCollection Services { get; } = services;
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>
    /// Points the one model at a database. The provider is chosen when the container is built, so
    /// configuration added late (by a test host, say) still decides it.
    /// </summary>
    public OmnimanBuilder UseDatabase(Func<IServiceProvider, IDatabaseProvider> select)
    {
        Services.Replace(ServiceDescriptor.Singleton(select));
        Services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<IDatabaseProvider>().Dialect));
        // Pooled: a request reuses a context instead of building one, which shows on the hot paths.
        Services.AddDbContextPool<OmnimanDb>((sp, options) =>
        {
            sp.GetRequiredService<IDatabaseProvider>().Configure(options);
            options.UseSnakeCaseNamingConvention().WithModules([.. sp.GetServices<ModuleTables>()]);
            QuietFailures(options);
            options.AddInterceptors(sp.GetRequiredService<WakeAfterCommitInterceptor>());
            // Extra interceptors a host registers (diagnostics, query budgets in tests).
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        return this;
    }

    public OmnimanBuilder UseDatabase(IDatabaseProvider provider) => UseDatabase(_ => provider);

    /// <summary>
    /// Lists read from <paramref name="replica"/> (a streaming replica of the primary) while it answers
    /// and keeps up; reads by key and every write stay on the primary (<see cref="ReadReplica"/>).
    /// </summary>
    public OmnimanBuilder UseReadReplica(IDatabaseProvider replica)
    {
        Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ReadReplica>(sp, replica));
        Services.AddHostedService(sp => sp.GetRequiredService<ReadReplica>());
        return this;
    }

    /// <summary>
    /// A failed command or connection throws, and whoever called logs it with its context (a request's
    /// trace id, the worker's loop, the migrate command). EF's own error line besides is a duplicate, and
    /// a false alarm when migrating a new database, whose first steps try the database and the history
    /// table and create what is missing (dotnet/efcore#37328). At Debug they are still there to turn on.
    /// </summary>
    public static DbContextOptionsBuilder QuietFailures(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));

    /// <summary>
    /// Adds a module's tables: mapped into <see cref="OmnimanDb"/>, created by the module's own
    /// migration set after the kernel's (<see cref="ModuleTables"/>).
    /// </summary>
    public OmnimanBuilder AddModuleTables<T>() where T : ModuleTables, new()
    {
        if (!Services.Any(d => d.ServiceType == typeof(ModuleTables) && d.ImplementationInstance is T))
            Services.AddSingleton<ModuleTables>(new T());
        return this;
    }

    /// <summary>Registers the handler of a topic; a second handler for one topic fails start-up.</summary>
    public OmnimanBuilder AddDirectiveHandler<T>() where T : class, IDirectiveHandler
    {
        Services.AddScoped<T>();
        Services.AddSingleton(DirectiveHandlerRegistration.Of<T>());
        return this;
    }

    /// <summary>Adds an order hook: it sees every order lifecycle event inside the change's transaction, after the kernel's own.</summary>
    public OmnimanBuilder AddOrderHook<T>() where T : class, IOrderHook
    {
        Services.AddScoped<IOrderHook, T>();
        return this;
    }

    /// <summary>Runs due directives and the housekeeping jobs in the background of this process.</summary>
    public OmnimanBuilder AddDirectiveWorker()
    {
        Services.AddOptions<WorkerOptions>().Bind(Configuration.GetSection(WorkerOptions.Section));
        Services.AddHostedService<DirectiveWorker>();
        return this;
    }

    /// <summary>The built-in stock backend (levels, holds, movements in Omniman's database) and its directives.</summary>
    public OmnimanBuilder AddStock()
    {
        Services.AddScoped<IStockBackend, BuiltInStockBackend>();
        Services.AddScoped<ManageStock>();
        Services.AddScoped<ISessionHook, StockSessionHook>();
        Services.AddScoped<IHousekeepingJob, ExpireStockHolds>();
        Services.AddScoped<IHousekeepingJob, PurgeEndedStockHolds>();
        AddDirectiveHandler<StockHoldHandler>();
        return AddDirectiveHandler<StockCommitHandler>();
    }

    /// <summary>The built-in pricing backend: the catalog's channel and base prices, cached.</summary>
    public OmnimanBuilder AddBuiltInPricing()
    {
        Services.AddScoped<IPricingBackend, BuiltInPricingBackend>();
        return this;
    }

    public OmnimanBuilder AddModifier<T>() where T : class, IModifier
    {
        Services.AddSingleton<IModifier, T>();
        return this;
    }

    public OmnimanBuilder AddValidator<T>() where T : class, IValidator
    {
        Services.AddSingleton<IValidator, T>();
        return this;
    }
}

public static class OmnimanServiceCollectionExtensions
{
    /// <summary>The kernel: operations, the modify pipeline, settings from the <c>Omniman</c> section.</summary>
    public static OmnimanBuilder AddOmnimanKernel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OmnimanOptions>().Bind(configuration.GetSection(OmnimanOptions.Section))
            .Validate(o => o.SessionKeyLength is > 0 and <= 40 && o.LineIdLength is > 0 and <= 24 && o.OrderRefRandomLength is > 0 and <= 24,
                "Omniman:SessionKeyLength (1-40), LineIdLength (1-24) and OrderRefRandomLength (1-24) must be positive and fit their columns.")
            .Validate(o => o.SessionTtlHours >= 0 && o.StockHoldTtlMinutes > 0 && o.IdempotencyKeyTtlHours > 0 && o.IdempotencyLeaseSeconds > 0,
                "Omniman TTLs and leases must be positive (SessionTtlHours may be 0: no idle-session job).")
            .ValidateOnStart();
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection(LimitOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<IModifier, LineTotalsModifier>();
        services.AddSingleton<IModifier, DiscountModifier>();
        services.AddSingleton<IModifier, TotalsModifier>();
        services.AddScoped<ISessionHook, PromotionUsageHook>();
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.Section));
        services.AddHybridCache();
        services.AddSingleton<Caching.CacheInvalidation>();
        services.AddScoped<ListReads>();
        services.AddScoped<ManageCatalog>();
        services.AddSingleton<ModifyPipeline>();
        services.AddSingleton<OrderRefs>();
        services.AddScoped<SaveChannel>();
        services.AddScoped<OpenSession>();
        services.AddScoped<ModifySession>();
        services.AddScoped<AbandonSession>();
        services.AddScoped<WriteCheckResult>();
        services.AddScoped<ResolveIssue>();
        services.AddScoped<AwaitSessionChecks>();
        services.AddScoped<IdempotencyGuard>();
        services.AddScoped<CommitSession>();
        services.AddScoped<TransitionOrder>();
        services.AddScoped<ApplyExternalStatus>();
        services.AddScoped<OrderHooks>();
        services.AddScoped<IOrderHook, OnStatusDirectives>();
        services.AddScoped<AppendOrderEvent>();
        services.AddScoped<MigrateDatabase>();
        services.AddScoped<BootstrapApiKey>();
        services.AddScoped<ManageApiKeys>();
        services.AddScoped<RotateApiKey>();
        services.AddOptions<DirectiveOptions>().Bind(configuration.GetSection(DirectiveOptions.Section));
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section));
        services.AddSingleton<DirectiveSignal>();
        services.AddSingleton<SessionWaits>();
        services.AddSingleton<WakeAfterCommitInterceptor>();
        services.AddSingleton<DirectiveHandlers>();
        services.AddSingleton<DirectiveDispatcher>();
        services.AddSingleton<HousekeepingRunner>();
        services.AddScoped<RunDirectiveNow>();
        services.AddScoped<IHousekeepingJob, AbandonIdleSessions>();
        services.AddScoped<IHousekeepingJob, PurgeIdempotencyKeys>();
        services.AddScoped<IHousekeepingJob, PurgeDoneDirectives>();
        services.AddScoped<IHousekeepingJob, FailExhaustedLeases>();
        services.AddScoped<IHousekeepingJob, ReportUnhandledTopics>();
        return new OmnimanBuilder(services, configuration);
    }
}
