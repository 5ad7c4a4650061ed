using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Alerting;

internal static class AlertingSetup
{
    /// <summary>The alert engine: the evaluator the evaluation job runs, its options and its metrics.</summary>
    public static WebApplicationBuilder AddAlerting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertEngineOptions>().BindConfiguration(AlertEngineOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertEngineOptions>, AlertEngineOptionsValidator>();
        builder.Services.AddSingleton(services => (IAlertStore)services.GetRequiredService<ITelemetryStore>());
        builder.Services.TryAddSingleton<IAlertRulesSource>(new StaticAlertRulesSource(StaticAlertRulesSource.Empty));
        builder.Services.AddSingleton<AlertMetrics>();
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertEvaluator>());
        return builder;
    }
}
