namespace CostWatch.Storage.Rollups;

/// <summary>A rollup table's columns in schema order; both dialects generate their upserts from it.</summary>
internal sealed class RollupShape<TKey, TTotals>(string table, IReadOnlyList<RollupColumn<TKey, TTotals>> columns)
{
    public string Table { get; } = table;

    public IReadOnlyList<RollupColumn<TKey, TTotals>> Columns { get; } = columns;

    public string ColumnList { get; } = string.Join(", ", columns.Select(c => c.Name));

    public string KeyList { get; } = string.Join(", ", columns.Where(c => c.Merge == RollupMerge.Key).Select(c => c.Name));

    /// <summary>The <c>DO UPDATE SET</c> list, with each dialect's spelling of the merges.</summary>
    public string MergeList(Func<RollupMerge, string, string, string> merge) => string.Join(", ",
        Columns.Where(c => c.Merge != RollupMerge.Key)
            .Select(c => $"{c.Name} = {merge(c.Merge, $"{Table}.{c.Name}", $"excluded.{c.Name}")}"));
}
