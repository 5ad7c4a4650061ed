namespace CostWatch.Core.Costs;

/// <summary>The bucket widths of the rollup tables; the value is the width in seconds (the tables' <c>resolution</c>).</summary>
public enum RollupResolution
{
    Minute = 60,
    Hour = 3600,
    Day = 86400,
}
