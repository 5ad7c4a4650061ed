using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Rollups;

internal static class RollupsSetup
{
    /// <summary>Cost rollups per agent, session and model, and the custom dimensions they are grouped by.</summary>
    public static WebApplicationBuilder AddRollups(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RollupOptions>().BindConfiguration(RollupOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<CostsOptions>().BindConfiguration(CostsOptions.Section).ValidateOnStart();
        return builder;
    }
}
