using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.Rappi;

public static class RappiBuilder
{
    /// <summary>
    /// Rappi as a marketplace (docs/marketplaces.md, "Set up Rappi"), with the marketplaces framework, and the settings
    /// of <c>Omniman:Marketplaces:Rappi</c> checked when the host starts.
    /// </summary>
    public static OmnimanBuilder AddRappi(this OmnimanBuilder builder)
    {
        builder.AddMarketplaces();
        var services = builder.Services;
        services.AddOptions<RappiOptions>().Bind(builder.Configuration.GetSection(RappiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RappiOptions>, RappiOptionsValidator>());
        services.AddHttpClient(RappiApi.HttpClientName, (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<RappiOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<RappiApi>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMarketplaceAdapter, RappiAdapter>());
        return builder;
    }
}
