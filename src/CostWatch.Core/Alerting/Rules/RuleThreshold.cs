namespace CostWatch.Core.Alerting.Rules;

/// <summary>How a kind's <c>threshold</c> is written and checked.</summary>
internal enum RuleThreshold
{
    /// <summary>Not used (budget has <c>limitUsd</c>).</summary>
    None,

    /// <summary>Required, a number between 0 and 1.</summary>
    Fraction,

    /// <summary>Required, a positive duration (<c>30s</c>), kept in seconds.</summary>
    Duration,

    /// <summary>Optional, a whole number of calls, default 0.</summary>
    Count,
}
