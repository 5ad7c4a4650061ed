using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Worker.Alerting;

/// <summary>Where a budget's current period starts and ends, in UTC, from its boundaries in the rule's time zone.</summary>
internal static class BudgetPeriods
{
    public static (DateTime Start, DateTime End) Current(BudgetPeriod period, TimeZoneInfo zone, DateTime utcNow)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        var start = period switch
        {
            BudgetPeriod.Day => local.Date,
            // Weeks start on Monday (ISO 8601).
            BudgetPeriod.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
            _ => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified),
        };
        var end = period switch
        {
            BudgetPeriod.Day => start.AddDays(1),
            BudgetPeriod.Week => start.AddDays(7),
            _ => start.AddMonths(1),
        };
        return (ToUtc(start, zone), ToUtc(end, zone));
    }

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // Where midnight does not exist (a daylight-saving jump at midnight), the day starts at the first hour that does.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
