namespace CostWatch.Storage.Rollups;

/// <summary>One column of a rollup table and how to read its value from a row's key and totals.</summary>
internal sealed record RollupColumn<TKey, TTotals>(string Name, RollupMerge Merge, Type ValueType, Func<TKey, TTotals, object> Get);
