namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// A rules file that cannot be used. It lists every problem found, not only the first, each naming the file, the
/// rule (by name, or <c>rules[2]</c> when it has none) and the field, so one edit can fix them all.
/// </summary>
public sealed class AlertRulesException : Exception
{
    public AlertRulesException(string fileName, IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        FileName = fileName;
        Errors = errors;
    }

    public string FileName { get; }

    /// <summary>One message per problem, e.g. <c>alert-rules/x.yaml: rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
