using CostWatch.Core.Alerting.Samples;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Storage.Rollups;

/// <summary>What a rollup pass read of its window, to be written once the pass holds the lock.</summary>
internal sealed class WindowRead(long done, long ready, long horizon, long generation)
{
    public long Done { get; } = done;

    public long Ready { get; } = ready;

    public long Horizon { get; } = horizon;

    public long Generation { get; } = generation;

    public RollupAggregator Aggregator { get; } = new();

    /// <summary>What the alert rules read, from the same records.</summary>
    public AlertSampleAggregator Samples { get; } = new();

    /// <summary>Iterations that reach runs rolled up by earlier passes.</summary>
    public RollupAggregator Corrections { get; } = new();

    public int LlmCalls { get; set; }

    public int Runs { get; set; }

    public int ToolCalls { get; set; }

    public DateTime? OldestReceivedAt { get; private set; }

    public void Seen(TelemetryRecord record)
    {
        if (OldestReceivedAt is not { } oldest || record.ReceivedAt < oldest)
        {
            OldestReceivedAt = record.ReceivedAt;
        }
    }

    public RollupPass Pass(int rowsWritten) => new(true, LlmCalls, Runs, ToolCalls, rowsWritten, OldestReceivedAt);
}
