using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Costs;

internal static class CostsSetup
{
    /// <summary>
    /// The custom cost dimensions' validation. The options are bound by <c>AddRollups</c>; ingest captures the
    /// dimensions (<see cref="Ingest.OtlpIngestService"/>) and rollups group by them.
    /// </summary>
    public static WebApplicationBuilder AddCostDimensions(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CostsOptions>, CostsOptionsValidator>());
        return builder;
    }
}
