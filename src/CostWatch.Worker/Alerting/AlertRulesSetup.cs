using CostWatch.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Alerting;

internal static class AlertRulesSetup
{
    /// <summary>The alert rules: the rules file, checked at start-up and reloaded when it changes.</summary>
    public static WebApplicationBuilder AddAlertRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertingOptions>().BindConfiguration(AlertingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertingOptions>, AlertingOptionsValidator>();
        // One instance is the rule set, the start-up check of the file and the reload timer.
        builder.Services.AddSingleton<AlertRulesFileSource>();
        builder.Services.AddSingleton<IAlertRulesSource>(services => services.GetRequiredService<AlertRulesFileSource>());
        builder.Services.AddSingleton<IStartupCheck>(services => services.GetRequiredService<AlertRulesFileSource>());
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertRulesFileSource>());
        return builder;
    }
}
