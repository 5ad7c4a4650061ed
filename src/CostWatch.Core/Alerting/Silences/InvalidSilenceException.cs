namespace CostWatch.Core.Alerting.Silences;

/// <summary>A silence or label matcher that cannot be made as given; <see cref="Problems"/> names every bad field.</summary>
public sealed class InvalidSilenceException(IReadOnlyList<SilenceProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<SilenceProblem> Problems { get; } = problems;
}
