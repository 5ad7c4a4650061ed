using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Worker.Alerting;

/// <summary>The alert rules in force: the rules file's, swapped whole when the file changes.</summary>
internal interface IAlertRulesSource
{
    /// <summary>The rule set to evaluate; read it once per evaluation round, as it may be swapped between reads.</summary>
    AlertRuleSet Current { get; }

    /// <summary>Why the rules file as it is now is not in force (rejected, unreadable), each problem on a line; null when it is.</summary>
    string? LastError { get; }
}
