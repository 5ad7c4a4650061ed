namespace CostWatch.Core.Alerting.Engine;

/// <summary>
/// One group of one rule at one evaluation: its group labels (e.g. agent=researcher), the verdict, and the value
/// and threshold that the alert shows. <paramref name="Value"/> is null when there is nothing to show.
/// </summary>
public sealed record GroupObservation(
    IReadOnlyList<KeyValuePair<string, string>> GroupLabels,
    AlertVerdict Verdict,
    decimal? Value,
    decimal? Threshold,
    long Samples);
