using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniman.Directives;

namespace Omniman.Marketplaces;

/// <summary>
/// Polls every marketplace that is polled, every <see cref="MarketplaceOptions.PollSeconds"/>, in the
/// processes that run the worker. A failed poll is logged and tried at the next tick: nothing was
/// acknowledged, so nothing is lost.
/// </summary>
internal sealed class MarketplacePoller(IServiceScopeFactory scopes, MarketplaceAdapters adapters, IOptions<MarketplaceOptions> options,
    IOptions<WorkerOptions> worker, TimeProvider clock, ILogger<MarketplacePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Value.Enabled || !adapters.All.Any(a => a.Polls)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        do
        {
            foreach (var adapter in adapters.All.Where(a => a.Polls))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PollMarketplace>().ExecuteAsync(adapter, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Polling {Provider} failed; the next poll tries again.", adapter.Provider);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
