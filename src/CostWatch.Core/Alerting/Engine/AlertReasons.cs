namespace CostWatch.Core.Alerting.Engine;

/// <summary>Why an alert resolved, as the API and the notices show it.</summary>
public static class AlertReasons
{
    public const string ConditionCleared = "condition cleared";
    public const string Retired = "retired";
    public const string RuleRemoved = "rule removed";
    public const string EvaluationRecovered = "evaluation recovered";
}
