using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Omniman.Payments.Stripe;

/// <summary>Plugs Stripe into Omniman.</summary>
public static class StripeBuilderExtensions
{
    /// <summary>
    /// Registers the <c>stripe</c> payment backend and the webhook reader, with the settings of
    /// <c>Omniman:Payments:Stripe</c> checked when the host starts (docs/payments.md, "Stripe").
    /// </summary>
    public static OmnimanBuilder AddStripePayments(this OmnimanBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StripeOptions>().Bind(builder.Configuration.GetSection(StripeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>());
        services.AddHttpClient(StripePaymentBackend.HttpClientName, (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<StripeOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<IPaymentBackend, StripePaymentBackend>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StripeWebhookReader>();
        return builder;
    }
}
