using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Omniman.Channels;
using Omniman.Housekeeping;
using Omniman.Sessions;
using Omniman.Webhooks.Email;

namespace Omniman.Webhooks;

public static class WebhooksBuilder
{
    /// <summary>
    /// Outbound webhooks and email notifications (docs/webhooks.md): subscriptions and their delivery
    /// log in the module's tables, one <c>webhook.deliver</c> directive per event and subscription,
    /// <c>email.send</c> for a channel's notification rules.
    /// </summary>
    public static OmnimanBuilder AddWebhooks(this OmnimanBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.TimeoutSeconds > 0 && o.PauseAfterHours > 0 && o.CacheSeconds >= 0 && o.MaxInFlightPerSubscription > 0,
                "Omniman:Webhooks:TimeoutSeconds, PauseAfterHours and MaxInFlightPerSubscription must be positive, CacheSeconds not negative.")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<SubscriptionDirectory>();
        services.AddSingleton<SubscriptionLoad>();
        services.AddScoped<WebhookPublisher>();
        services.AddScoped<ManageSubscriptions>();
        services.AddScoped<ISessionHook, WebhookSessionHook>();
        services.AddScoped<IHousekeepingJob, PurgeWebhookDeliveries>();
        services.AddSingleton<IChannelConfigSection, NotificationsConfigSection>();
        // One pipeline per receiver (by authority): a receiver that fails or hangs opens its own
        // circuit and spends its own time, never another subscription's.
        services.AddHttpClient(DeliverWebhookHandler.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    ConnectCallback = (context, ct) => PrivateNetworks.ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            })
            .AddResilienceHandler("deliveries", (pipeline, context) =>
            {
                // Network time is wall-clock time, whatever clock the business rules read.
                pipeline.TimeProvider = TimeProvider.System;
                var timeout = TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds);
                // The standard handler's strategies, in its order: a total timeout, one quick retry
                // (the directive's backoff spaces the later ones out), a circuit breaker, and the
                // timeout of one attempt.
                pipeline.AddTimeout(timeout * 2.5)
                    .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(500), BackoffType = DelayBackoffType.Constant })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { SamplingDuration = timeout * 2 })
                    .AddTimeout(timeout);
            })
            .SelectPipelineByAuthority();
        return builder.AddModuleTables<WebhookTables>()
            .AddOrderHook<WebhookOrderHook>()
            .AddDirectiveHandler<DeliverWebhookHandler>()
            .AddDirectiveHandler<SendEmailHandler>();
    }
}
