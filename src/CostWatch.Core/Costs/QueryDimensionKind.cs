namespace CostWatch.Core.Costs;

/// <summary>What a cost row can be grouped and filtered by: a key column of the rollups, or a custom dimension.</summary>
public enum QueryDimensionKind
{
    Agent,
    Session,
    Model,
    Provider,
    Service,
    User,
    Custom,
}
