using CostWatch.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Pricing;

internal static class PricingSetup
{
    /// <summary>The price catalog that prices calls at ingest and in re-pricing runs: built-in entries and the user's price files.</summary>
    public static WebApplicationBuilder AddPricing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PricingOptions>, PricingOptionsValidator>();
        // One instance is the catalog, the start-up check of the files and the reload timer.
        builder.Services.AddSingleton<PriceFileCatalogSource>();
        builder.Services.AddSingleton<IPriceCatalogSource>(services => services.GetRequiredService<PriceFileCatalogSource>());
        builder.Services.AddSingleton<IStartupCheck>(services => services.GetRequiredService<PriceFileCatalogSource>());
        builder.Services.AddHostedService(services => services.GetRequiredService<PriceFileCatalogSource>());
        return builder;
    }
}
