namespace CostWatch.Storage.Costs;

/// <summary>How sessions are ranked, highest first.</summary>
public enum SessionSort
{
    Cost,
    Calls,
    Tokens,
    LastSeen,
}
