namespace CostWatch.Simulator;

/// <summary>What the simulator has done so far, counted from several threads (runs in flight, the exporter's thread).</summary>
internal sealed class ExportCounters
{
    private long _runsStarted;
    private long _runsCompleted;
    private long _spansSent;
    private long _spansAcknowledged;
    private long _spansFailed;

    // Pulsed when an export is answered, for WaitUntilAnswered.
    private readonly object _answered = new();

    public void RunStarted() => Interlocked.Increment(ref _runsStarted);

    public void RunCompleted() => Interlocked.Increment(ref _runsCompleted);

    /// <summary>A span ended and was handed to the SDK for export.</summary>
    public void SpanEnded() => Interlocked.Increment(ref _spansSent);

    /// <summary>An export of <paramref name="spans"/> spans was answered: acknowledged, or failed after the exporter's retries.</summary>
    public void Exported(long spans, bool acknowledged)
    {
        Interlocked.Add(ref acknowledged ? ref _spansAcknowledged : ref _spansFailed, spans);
        lock (_answered)
        {
            Monitor.PulseAll(_answered);
        }
    }

    /// <summary>
    /// Waits until every span that ended has been answered, acknowledged or failed, or <paramref name="timeout"/>
    /// passes. The SDK's ForceFlush is not enough: it returns once the last batch has been taken from its queue,
    /// which can be while that batch's export is still waiting for CostWatch's answer.
    /// </summary>
    /// <returns>Whether every span was answered in time.</returns>
    public bool WaitUntilAnswered(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_answered)
        {
            while (Interlocked.Read(ref _spansAcknowledged) + Interlocked.Read(ref _spansFailed) < Interlocked.Read(ref _spansSent))
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return false;
                }

                Monitor.Wait(_answered, (int)left);
            }
        }

        return true;
    }

    public SimulatorProgress Snapshot(TimeSpan elapsed) => new(
        elapsed,
        Interlocked.Read(ref _runsStarted),
        Interlocked.Read(ref _runsCompleted),
        Interlocked.Read(ref _spansSent),
        Interlocked.Read(ref _spansAcknowledged),
        Interlocked.Read(ref _spansFailed));
}
