using CostWatch.Worker.Alerting;
using CostWatch.Worker.Api;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Storage;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Hosting;

/// <summary>
/// Validates every options type right after the host is built, before any service that needs them is created,
/// so one start-up error lists all that is wrong instead of the first thing a constructor happened to touch.
/// </summary>
internal static class ConfigurationCheck
{
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        var failures = new List<string>();
        Check<StorageOptions>(services, failures);
        Check<IngestOptions>(services, failures);
        Check<AuthOptions>(services, failures);
        Check<PricingOptions>(services, failures);
        Check<CostsOptions>(services, failures);
        Check<MetricsOptions>(services, failures);
        Check<ApiOptions>(services, failures);
        Check<AlertingOptions>(services, failures);
        Check<AlertEngineOptions>(services, failures);
        Check<NotificationOptions>(services, failures);
        if (failures.Count == 0)
        {
            // What valid options point at (price files) can only be checked once they are valid.
            foreach (var check in services.GetServices<IStartupCheck>())
            {
                failures.AddRange(check.StartupFailures);
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidConfigurationException(failures);
        }
    }

    private static void Check<T>(IServiceProvider services, List<string> failures) where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
    }
}
