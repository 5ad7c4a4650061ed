namespace CostWatch.Core.Alerting.Rules;

public enum BudgetPeriod
{
    Day,
    Week,
    Month,
}
