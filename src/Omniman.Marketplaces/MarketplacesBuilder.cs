using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omniman.Channels;
using Omniman.Directives;

namespace Omniman.Marketplaces;

public static class MarketplacesBuilder
{
    /// <summary>
    /// The marketplaces framework (docs/marketplaces.md): its tables (inbox, imported orders, tokens), the
    /// <c>marketplace</c> channel config key, the event and action directives and the order hook. Each
    /// marketplace adds itself as an <see cref="IMarketplaceAdapter"/> (<c>AddIFood()</c>); map the webhooks
    /// with <c>app.MapMarketplaces()</c>.
    /// </summary>
    public static OmnimanBuilder AddMarketplaces(this OmnimanBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(MarketplaceAdapters))) return builder;
        services.AddOptions<MarketplaceOptions>().Bind(builder.Configuration.GetSection(MarketplaceOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MarketplaceAdapters>();
        services.AddSingleton<MarketplaceTokens>();
        services.AddSingleton<IChannelConfigSection, MarketplaceConfigSection>();
        services.AddScoped<MarketplaceChannels>();
        services.AddScoped<StoreInboundEvents>();
        services.AddScoped<PollMarketplace>();
        services.AddScoped<ImportMarketplaceOrder>();
        services.AddScoped<RequestMarketplaceCancellation>();
        services.AddScoped<Omniman.AspNetCore.Orders.IOrderResponsePart, Http.OrderMarketplacePart>();
        return builder.AddModuleTables<MarketplaceTables>()
            .AddOrderHook<MarketplaceOrderHook>()
            .AddDirectiveHandler<MarketplaceEventHandler>()
            .AddDirectiveHandler<MarketplaceActionHandler>();
    }

    /// <summary>Polls the marketplaces that are polled, in a process that runs the directive worker (<c>Omniman:Worker:Enabled</c>).</summary>
    public static OmnimanBuilder AddMarketplacePolling(this OmnimanBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection(WorkerOptions.Section));
        builder.Services.AddHostedService<MarketplacePoller>();
        return builder;
    }
}
