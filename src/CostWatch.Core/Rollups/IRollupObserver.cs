namespace CostWatch.Core.Rollups;

/// <summary>Told about the records of each rollup pass (the Prometheus metrics are derived from them).</summary>
public interface IRollupObserver
{
    IRollupWindow BeginWindow();
}
