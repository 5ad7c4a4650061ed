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

    public void Seen(TelemetryRecord record)
    {
        if (OldestReceivedAt is not { } oldest || record.ReceivedAt < oldest)
        {
            OldestReceivedAt = record.ReceivedAt;
        }
    }

    public RollupPass Pass(int rowsWritten) => new(true, LlmCalls, Runs, ToolCalls, rowsWritten, OldestReceivedAt);
}
