using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Worker.Alerting;

/// <summary>A fixed rule set: what the engine evaluates when no rules file is configured, and what tests hand it.</summary>
internal sealed class StaticAlertRulesSource(AlertRuleSet rules) : IAlertRulesSource
{
    public static readonly AlertRuleSet Empty = new(TimeSpan.FromSeconds(30), [], [], "(none)");

    public AlertRuleSet Current { get; } = rules;

    public string? LastError => null;
}
