using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Omniman.Marketplaces.IFood;

public static class IFoodBuilder
{
    /// <summary>
    /// iFood as a marketplace (docs/marketplaces.md, "iFood"), with the marketplaces framework, and the settings of
    /// <c>Omniman:Marketplaces:IFood</c> checked when the host starts.
    /// </summary>
    public static OmnimanBuilder AddIFood(this OmnimanBuilder builder)
    {
        builder.AddMarketplaces();
        var services = builder.Services;
        services.AddOptions<IFoodOptions>().Bind(builder.Configuration.GetSection(IFoodOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IFoodOptions>, IFoodOptionsValidator>());
        services.AddHttpClient(IFoodApi.HttpClientName, (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<IFoodOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<IFoodApi>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMarketplaceAdapter, IFoodAdapter>());
        return builder;
    }
}
