using System.Globalization;

namespace CostWatch.Simulator;

/// <summary>
/// The simulator's counts at one moment. Spans sent but neither acknowledged nor failed are still queued in the
/// SDK, or were dropped by it (its queue was full) when the simulator has finished.
/// </summary>
internal readonly record struct SimulatorProgress(
    TimeSpan Elapsed, long RunsStarted, long RunsCompleted, long SpansSent, long SpansAcknowledged, long SpansFailed)
{
    public long SpansUnanswered => SpansSent - SpansAcknowledged - SpansFailed;

    /// <summary>The progress line: <c>42s  runs 21 started, 18 completed  spans 530 sent, 512 acknowledged, 0 failed</c>.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0:0}s  runs {1:N0} started, {2:N0} completed  spans {3:N0} sent, {4:N0} acknowledged, {5:N0} failed",
        Elapsed.TotalSeconds, RunsStarted, RunsCompleted, SpansSent, SpansAcknowledged, SpansFailed);
}
