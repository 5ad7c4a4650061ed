using System.Globalization;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>Reads the fields only a budget rule has: period, limitUsd, warnAt, forecast and timeZone.</summary>
internal static class BudgetRuleReader
{
    private const decimal MaxWarnAt = 10m;

    /// <param name="rule">The rule's mapping.</param>
    /// <param name="budget">The rule with the fields every kind has, already read.</param>
    public static AlertRule Read(RuleFileObject rule, AlertRule budget)
    {
        BudgetPeriod? period = null;
        if (!rule.Has("period"))
        {
            rule.Missing("period", "day, week or month");
        }
        else if (rule.Text("period") is { } text)
        {
            period = text switch
            {
                "day" => BudgetPeriod.Day,
                "week" => BudgetPeriod.Week,
                "month" => BudgetPeriod.Month,
                _ => null,
            };
            if (period is null)
            {
                rule.Fail("period", $"must be day, week or month, got '{text}'");
            }
        }

        var limit = rule.Has("limitUsd") ? rule.Number("limitUsd") : null;
        if (!rule.Has("limitUsd"))
        {
            rule.Missing("limitUsd", "the period's limit in USD, such as 100");
        }
        else if (limit is <= 0)
        {
            rule.Fail("limitUsd", $"must be more than 0, got {limit.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        var forecast = rule.Boolean("forecast") ?? false;
        if (budget.Window is not null && !forecast)
        {
            rule.Fail("window", "a budget's window is the recent spend a forecast extrapolates; it needs forecast: true");
        }

        return budget with
        {
            Period = period,
            LimitUsd = limit,
            WarnAt = ReadWarnAt(rule),
            Forecast = forecast,
            TimeZone = ReadTimeZone(rule),
        };
    }

    private static IReadOnlyList<decimal> ReadWarnAt(RuleFileObject rule)
    {
        if (!rule.Has("warnAt"))
        {
            return [1.0m];
        }

        var warnAt = rule.NumberList("warnAt");
        if (warnAt is null)
        {
            return [];
        }

        if (warnAt.Count == 0)
        {
            rule.Fail("warnAt", "must list at least one fraction of limitUsd, such as [0.8, 1.0]");
        }

        foreach (var level in warnAt)
        {
            if (level is <= 0 or > MaxWarnAt)
            {
                rule.Fail("warnAt", $"every fraction must be more than 0 and at most {MaxWarnAt}, got {level.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        // 0.8 and 0.80 would be one alert (label budget_level="80%") counted twice.
        if (warnAt.GroupBy(level => level).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            rule.Fail("warnAt", $"lists {twice.Key.ToString(CultureInfo.InvariantCulture)} twice");
        }

        return warnAt.Order().ToArray();
    }

    private static TimeZoneInfo ReadTimeZone(RuleFileObject rule)
    {
        if (rule.Text("timeZone") is not { } id)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            rule.Fail("timeZone", $"unknown time zone '{id}'; expected an IANA name such as UTC or Europe/Berlin");
            return TimeZoneInfo.Utc;
        }
    }
}
