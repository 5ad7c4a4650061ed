using System.Globalization;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// Reads the fields whose meaning, or whether they are needed, depends on the rule's kind: <c>window</c>,
/// <c>threshold</c>, <c>maxIterations</c>, <c>quantile</c> and <c>retireAfter</c>. A field the kind does not take
/// was already reported by <see cref="AlertRuleReader"/>; here it reads as unset.
/// </summary>
internal static class KindFieldReader
{
    private static readonly TimeSpan DefaultRetireAfter = TimeSpan.FromHours(24);

    public static TimeSpan? Window(RuleFileObject rule, AlertRuleKind kind)
    {
        if (!AlertRuleKinds.Spec(kind).Fields.Contains("window"))
        {
            return null;
        }

        if (!rule.Has("window"))
        {
            if (kind != AlertRuleKind.Budget)
            {
                rule.Missing("window", "the span of samples the rule judges, such as 10m");
            }

            return null;
        }

        var window = rule.Duration("window");
        if (window is { } w && w <= TimeSpan.Zero)
        {
            rule.Fail("window", "must be longer than 0");
        }

        return window;
    }

    public static decimal Threshold(RuleFileObject rule, AlertRuleKindSpec spec)
    {
        if (spec.Threshold == RuleThreshold.None)
        {
            return 0m;
        }

        if (!rule.Has("threshold"))
        {
            if (spec.Threshold != RuleThreshold.Count)
            {
                rule.Missing("threshold", spec.Threshold == RuleThreshold.Fraction
                    ? "a number between 0 and 1, such as 0.9"
                    : "a duration such as 30s or 5m");
            }

            return 0m;
        }

        switch (spec.Threshold)
        {
            case RuleThreshold.Fraction:
                var fraction = rule.Number("threshold");
                if (fraction is < 0 or > 1)
                {
                    rule.Fail("threshold", $"must be between 0 and 1, got {fraction.Value.ToString(CultureInfo.InvariantCulture)}");
                }

                return fraction ?? 0m;
            case RuleThreshold.Duration:
                var duration = rule.Duration("threshold");
                if (duration is { } d && d <= TimeSpan.Zero)
                {
                    rule.Fail("threshold", "must be longer than 0");
                }

                return duration is { } seconds ? (decimal)seconds.Ticks / TimeSpan.TicksPerSecond : 0m;
            default:
                return rule.Count("threshold", 0) ?? 0;
        }
    }

    public static int? MaxIterations(RuleFileObject rule, AlertRuleKind kind)
    {
        if (kind != AlertRuleKind.LoopIterations)
        {
            return null;
        }

        if (!rule.Has("maxIterations"))
        {
            rule.Missing("maxIterations", "a run with more iterations than this counts, such as 8");
            return null;
        }

        var count = rule.Count("maxIterations", 1);
        if (count > int.MaxValue)
        {
            rule.Fail("maxIterations", $"must be at most {int.MaxValue}, got {count}");
            return null;
        }

        return (int?)count;
    }

    public static decimal? Quantile(RuleFileObject rule, AlertRuleKind kind)
    {
        if (kind != AlertRuleKind.RunDurationQuantile)
        {
            return null;
        }

        if (!rule.Has("quantile"))
        {
            rule.Missing("quantile", "a number between 0 and 1, such as 0.99");
            return null;
        }

        var quantile = rule.Number("quantile");
        if (quantile is <= 0 or >= 1)
        {
            rule.Fail("quantile", $"must be between 0 and 1 (exclusive), got {quantile.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        return quantile;
    }

    public static TimeSpan? RetireAfter(RuleFileObject rule, AlertRuleKind kind, decimal thresholdSeconds)
    {
        if (kind != AlertRuleKind.TraceLoss)
        {
            return null;
        }

        var retireAfter = rule.Has("retireAfter") ? rule.Duration("retireAfter") : DefaultRetireAfter;
        // An agent that retired before its silence crossed the threshold would never alert.
        if (retireAfter is { } r && thresholdSeconds > 0 && (decimal)r.Ticks / TimeSpan.TicksPerSecond <= thresholdSeconds)
        {
            var threshold = TimeSpan.FromTicks((long)(thresholdSeconds * TimeSpan.TicksPerSecond));
            rule.Fail("retireAfter", $"must be longer than threshold ({RuleDuration.Format(threshold)}), got {RuleDuration.Format(r)}");
        }

        return retireAfter;
    }
}
