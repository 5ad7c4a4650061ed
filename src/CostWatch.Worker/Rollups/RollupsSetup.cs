using CostWatch.Worker.Costs;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Rollups;

internal static class RollupsSetup
{
    /// <summary>Cost rollups per agent, session and model, and the custom dimensions they are grouped by.</summary>
    public static WebApplicationBuilder AddRollups(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RollupOptions>().BindConfiguration(RollupOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<CostsOptions>().BindConfiguration(CostsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RollupOptions>, RollupOptionsValidator>();
        builder.Services.AddSingleton<Repricer>();
        builder.Services.AddSingleton<RollupPassBounds>();
        return builder;
    }
}
