namespace CostWatch.Worker.Alerting;

/// <summary><c>CostWatch:Alerting</c>, the engine's keys (the rules file's keys are in <c>AlertingOptions</c>).</summary>
internal sealed class AlertEngineOptions
{
    public const string Section = "CostWatch:Alerting";

    /// <summary>Agents trace loss always expects: they never retire, and alert when silent for a threshold after start-up.</summary>
    public string[] ExpectedAgents { get; set; } = [];

    /// <summary>How long a resolved alert stays visible in the API before it is deleted.</summary>
    public TimeSpan ResolvedRetention { get; set; } = TimeSpan.FromDays(7);
}
