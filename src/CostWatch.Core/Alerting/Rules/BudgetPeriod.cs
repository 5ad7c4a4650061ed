namespace CostWatch.Core.Alerting.Rules;

/// <summary>A budget rule's calendar period; the rules file spells it <c>day</c>, <c>week</c> or <c>month</c>.</summary>
public enum BudgetPeriod
{
    Day,

    /// <summary>Monday to Sunday.</summary>
    Week,

    Month,
}
