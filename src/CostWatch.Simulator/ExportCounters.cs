namespace CostWatch.Simulator;

/// <summary>What the simulator has done so far, counted from several threads (runs in flight, the exporter's thread).</summary>
internal sealed class ExportCounters
{
    private long _runsStarted;
    private long _runsCompleted;
    private long _spansSent;
    private long _spansAcknowledged;
    private long _spansFailed;

    public void RunStarted() => Interlocked.Increment(ref _runsStarted);

    public void RunCompleted() => Interlocked.Increment(ref _runsCompleted);

    /// <summary>A span ended and was handed to the SDK for export.</summary>
    public void SpanEnded() => Interlocked.Increment(ref _spansSent);

    /// <summary>An export of <paramref name="spans"/> spans was answered: acknowledged, or failed after the exporter's retries.</summary>
    public void Exported(long spans, bool acknowledged) =>
        Interlocked.Add(ref acknowledged ? ref _spansAcknowledged : ref _spansFailed, spans);

    public SimulatorProgress Snapshot(TimeSpan elapsed) => new(
        elapsed,
        Interlocked.Read(ref _runsStarted),
        Interlocked.Read(ref _runsCompleted),
        Interlocked.Read(ref _spansSent),
        Interlocked.Read(ref _spansAcknowledged),
        Interlocked.Read(ref _spansFailed));
}
