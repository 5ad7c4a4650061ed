using System.Diagnostics.Metrics;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// The dispatcher's series: <c>costwatch_notifications_total</c> {receiver, outcome} (one per attempt: delivered,
/// retried, dead), <c>costwatch_notification_delivery_seconds</c> (from the earliest state change a notice reports to
/// its delivery) and <c>costwatch_notification_queue_depth</c> (notices pending, as the last look at the queue found).
/// </summary>
internal sealed class NotificationMetrics
{
    public const string Delivered = "delivered";
    public const string Retried = "retried";
    public const string Dead = "dead";

    private static readonly string[] Outcomes = [Delivered, Retried, Dead];

    private readonly Counter<long> _notices;
    private readonly Histogram<double> _deliverySeconds;
    private long _queueDepth;

    public NotificationMetrics(CostWatchMetrics metrics)
    {
        _notices = metrics.Meter.CreateCounter<long>("costwatch.notifications", "{notice}",
            "Delivery attempts by receiver and outcome: delivered, retried (failed, tried again later) or dead (given up).");
        _deliverySeconds = metrics.Meter.CreateHistogram("costwatch.notification.delivery", "s",
            "From the earliest alert state change a notice reports to its delivery (group wait included).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        metrics.Meter.CreateObservableGauge("costwatch.notification.queue.depth", () => Interlocked.Read(ref _queueDepth), "{notice}",
            "Notices waiting to be delivered (pending, retries included).");
    }

    /// <summary>Every receiver's outcome series from 0, so <c>increase()</c> sees the first dead letter.</summary>
    public void StartAtZero(IEnumerable<string> receivers)
    {
        foreach (var receiver in receivers)
        {
            foreach (var outcome in Outcomes)
            {
                Count(receiver, outcome, 0);
            }
        }
    }

    public void Count(string receiver, string outcome, long notices = 1) => _notices.Add(notices,
        new KeyValuePair<string, object?>("receiver", receiver), new KeyValuePair<string, object?>("outcome", outcome));

    public void DeliveredAfter(TimeSpan sinceChange) => _deliverySeconds.Record(Math.Max(0, sinceChange.TotalSeconds));

    public void QueueDepth(long pending) => Interlocked.Exchange(ref _queueDepth, pending);
}
