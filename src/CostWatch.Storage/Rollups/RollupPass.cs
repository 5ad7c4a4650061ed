namespace CostWatch.Storage.Rollups;

/// <summary>What one rollup pass did.</summary>
public sealed record RollupPass(bool Ran, int LlmCalls, int Runs, int ToolCalls, int RowsWritten, DateTime? OldestReceivedAt)
{
    public static readonly RollupPass Skipped = new(false, 0, 0, 0, 0, null);

    public int Records => LlmCalls + Runs + ToolCalls;

    /// <summary>How many <c>change_seq</c> values the pass's window spanned (its <see cref="RollupBounds"/> unit).</summary>
    public long Transactions { get; init; }

    /// <summary>True when the window stopped short of what is ready (<see cref="RollupBounds"/>): a pass now takes the rest.</summary>
    public bool MoreWaiting { get; init; }

    /// <summary>
    /// True when the window held more records than <see cref="RollupBounds.MaxRecords"/>: the pass wrote nothing
    /// (<see cref="Ran"/> is false), and a narrower window takes them.
    /// </summary>
    public bool TooLarge { get; init; }
}
