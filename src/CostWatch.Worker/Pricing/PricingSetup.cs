namespace CostWatch.Worker.Pricing;

internal static class PricingSetup
{
    /// <summary>The price catalog that prices calls at ingest and in re-pricing runs.</summary>
    public static WebApplicationBuilder AddPricing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPriceCatalogSource, BuiltInPriceCatalogSource>();
        return builder;
    }
}
