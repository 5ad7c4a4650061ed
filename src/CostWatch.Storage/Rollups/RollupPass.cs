namespace CostWatch.Storage.Rollups;

/// <summary>What one rollup pass did.</summary>
public sealed record RollupPass(bool Ran, int LlmCalls, int Runs, int ToolCalls, int RowsWritten, DateTime? OldestReceivedAt)
{
    public static readonly RollupPass Skipped = new(false, 0, 0, 0, 0, null);

    public int Records => LlmCalls + Runs + ToolCalls;
}
