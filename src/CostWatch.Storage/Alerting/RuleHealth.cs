namespace CostWatch.Storage.Alerting;

/// <summary>A rule's row of <c>alert_rule_health</c>. <see cref="LastEvaluation"/> is the last successful one.</summary>
public sealed record RuleHealth(
    string Rule,
    string Health,
    DateTime? LastEvaluation,
    TimeSpan? EvaluationDuration,
    string? LastError,
    int ConsecutiveFailures)
{
    public const string Ok = "ok";
    public const string Bad = "bad";
    public const string Unknown = "unknown";
}
