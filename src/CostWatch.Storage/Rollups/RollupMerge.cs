namespace CostWatch.Storage.Rollups;

/// <summary>How a rollup column combines the row stored with a delta added to it.</summary>
internal enum RollupMerge
{
    /// <summary>Part of the primary key.</summary>
    Key,

    /// <summary>Integer sum.</summary>
    Sum,

    /// <summary>Exact decimal sum (numeric in PostgreSQL, decimal text in SQLite).</summary>
    MoneySum,

    Min,

    Max,
}
