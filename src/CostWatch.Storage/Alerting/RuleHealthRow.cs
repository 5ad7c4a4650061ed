namespace CostWatch.Storage.Alerting;

/// <summary>
/// One row of <c>alert_rule_health</c>: <see cref="Health"/> is <c>ok</c>, <c>bad</c> or <c>unknown</c> (not
/// evaluated yet); the last evaluation's time (Unix microseconds) and duration (microseconds), the last error.
/// </summary>
public sealed record RuleHealthRow(
    string Rule,
    string Health,
    long? LastEvaluation,
    long? EvaluationMicros,
    string? LastError,
    int ConsecutiveFailures);
