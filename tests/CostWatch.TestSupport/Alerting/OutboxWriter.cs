using CostWatch.Core.Alerting.Engine;
using CostWatch.Storage.Alerting;

namespace CostWatch.TestSupport.Alerting;

/// <summary>
/// Writes alert events to the outbox through the alert engine's own write path: an evaluation round that carries
/// only the events, beside a worker that runs rounds of its own.
/// </summary>
public static class OutboxWriter
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    /// <remarks>
    /// A round the worker ran a moment after <paramref name="now"/> would make a round at <paramref name="now"/> look
    /// too soon (a negative gap) and the store would skip it, so no gap is asked for. On PostgreSQL a round of the
    /// worker's may hold the evaluation lock: a round that did not run is tried again, never taken as written.
    /// </remarks>
    public static async Task WriteAsync(IAlertStore store, DateTime now, IReadOnlyList<AlertEvent> events,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (!await store.RunAlertRoundAsync(now, TimeSpan.MinValue, _ => new AlertRoundChanges([], events, [], []), cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The alert evaluation lock stayed taken for {GiveUpAfter}: the outbox events were not written.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
