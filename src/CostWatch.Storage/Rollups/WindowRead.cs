using CostWatch.Core.Alerting.Samples;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Storage.Rollups;

/// <summary>
/// What a rollup pass read of its window [<see cref="Done"/>, <see cref="End"/>), to be written once the pass holds
/// the lock. The window ends at <see cref="Ready"/> unless <see cref="RollupBounds"/> ended it sooner.
/// </summary>
/// <param name="maxRecords">The most records the window may hold; one that spans a single transaction is taken whole.</param>
internal sealed class WindowRead(long done, long end, long ready, long horizon, long generation, int maxRecords)
{
    public long Done { get; } = done;

    public long End { get; } = end;

    /// <summary>Where the previous pass left <c>ready</c>; the progress row moves only if it is still there.</summary>
    public long Ready { get; } = ready;

    /// <summary>
    /// The next pass's <c>ready</c>: the horizon taken now when this window reaches <see cref="Ready"/>. A bounded
    /// window leaves <c>ready</c> where it is, so what lies beyond it still waits a whole interval.
    /// </summary>
    public long NextReady { get; } = end == ready ? horizon : ready;

    public long Generation { get; } = generation;

    /// <summary>Set when the window held more records than its bound: nothing of it is written.</summary>
    public bool TooLarge { get; private set; }

    /// <summary>How many more records the window may hold (the records of one transaction are never split).</summary>
    public long RecordsLeft { get; private set; } = end - done > 1 ? maxRecords : long.MaxValue;

    public RollupAggregator Aggregator { get; } = new();

    /// <summary>What the alert rules read, from the same records.</summary>
    public AlertSampleAggregator Samples { get; } = new();

    /// <summary>Iterations that reach runs rolled up by earlier passes.</summary>
    public RollupAggregator Corrections { get; } = new();

    /// <summary>
    /// LLM calls of the window whose run is still to be rolled up (not stored, or stored after the window), by
    /// run: written to <c>rollup_early_calls</c> for the pass that rolls the run up.
    /// </summary>
    public Dictionary<(Guid Trace, ulong Run), int> EarlyCalls { get; } = [];

    /// <summary>Runs of the window whose early calls it counted: their rows in <c>rollup_early_calls</c> go.</summary>
    public List<(Guid Trace, ulong Run)> EarlyCallsCounted { get; } = [];

    public int LlmCalls { get; set; }

    public int Runs { get; set; }

    public int ToolCalls { get; set; }

    public DateTime? OldestReceivedAt { get; private set; }

    /// <summary>
    /// Takes <paramref name="records"/> from <see cref="RecordsLeft"/>; false, and <see cref="TooLarge"/> set, when
    /// they were more than were left (each read asks for one more than that).
    /// </summary>
    public bool Take(int records)
    {
        if (records > RecordsLeft)
        {
            TooLarge = true;
            return false;
        }

        RecordsLeft -= records;
        return true;
    }

    public void Seen(TelemetryRecord record)
    {
        if (OldestReceivedAt is not { } oldest || record.ReceivedAt < oldest)
        {
            OldestReceivedAt = record.ReceivedAt;
        }
    }

    public RollupPass Pass(int rowsWritten) => new(true, LlmCalls, Runs, ToolCalls, rowsWritten, OldestReceivedAt)
    {
        Transactions = End - Done,
        MoreWaiting = End < Ready,
    };

    public RollupPass TooLargePass() => RollupPass.Skipped with { Transactions = End - Done, TooLarge = true };
}
