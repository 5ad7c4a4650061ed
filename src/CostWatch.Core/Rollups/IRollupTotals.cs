namespace CostWatch.Core.Rollups;

/// <summary>What a rollup row adds up: sums, minimums and maximums, so that rows add into coarser rows.</summary>
public interface IRollupTotals<in TTotals>
{
    /// <summary>Adds another row's totals into this one (hour and day rows are the sum of their minutes).</summary>
    void Add(TTotals other);
}
