using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Worker.Alerting;

/// <summary>Stub: replaced by the rules-file part.</summary>
internal interface IAlertRulesSource
{
    AlertRuleSet Current { get; }
}
